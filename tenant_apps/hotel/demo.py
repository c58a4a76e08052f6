"""Demo data for the hotels (seed_demo, idempotent): the demo guest's stay at a hotel runs a
minibar and laundry bill, so the console's stay page offers 生成平台收款码 (offline scan-to-pay,
EC-HTL-10) and the QR it draws opens the payer's page /pay/offline/?t=..."""

from tenant_apps.hotel import folio as folios
from tenant_apps.hotel.models import Folio, Stay


def seed_open_folio(*, actor: str) -> Folio | None:
    """In the current (hotel) schema: an open bill owing ¥96 on the first stay; None without stays."""
    stay = Stay.objects.order_by("id").first()
    if stay is None:
        return None
    folio = folios.folio_for_stay(stay_id=stay.pk)
    if not folio.charges.exists():
        folios.add_charge(folio_id=folio.pk, kind="minibar", amount_fen=6800, actor=actor, description="矿泉水、零食")
        folios.add_charge(folio_id=folio.pk, kind="laundry", amount_fen=2800, actor=actor, description="衬衫干洗")
    return Folio.objects.get(pk=folio.pk)
