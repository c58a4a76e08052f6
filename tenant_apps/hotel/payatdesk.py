"""Pay at hotel for platform bookings (到付, EC-HTL-06), the hotel's side.

- `order_confirmed` (a pay-at-hotel order, nothing paid): one stay per room unit, as for a paid
  order, and the room price of each unit as a `room` charge on the stay's folio (created by
  BOOKING_ACTOR), settled at the desk (cash / card / scan, or the platform's offline QR).
- Check-in moves the order confirmed -> used (so the tourist can no longer cancel it and the
  no-show job leaves it alone); check-out with a settled folio completes it (services._finish_order).
- When the room charge is paid (folio paid >= room charge), orders.signals.paid_at_merchant
  announces the part paid at the desk; settlement books the platform's commission on it as a
  receivable from the merchant (settlement.desk, a higher layer). Parts
  paid through the platform QR already carried commission in their own split.
- `order_cancelled` (tourist before the cut-off, or no-show): booked stays are cancelled / marked
  no-show, their room-nights freed, and the unpaid booking charge is taken off the folio.
"""

from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from shared_apps.ledger.money import split_largest_remainder
from tenant_apps.orders import services as orders
from tenant_apps.orders import signals
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.orders.pay_later import NO_SHOW_REASON, cancel_confirmed

from .folio import FOLIO_MACHINE, add_charge
from .machines import STAY_MACHINE
from .models import ChargeKind, Folio, FolioCharge, FolioStatus, PayMethod, RoomNight, Stay, StayStatus

BOOKING_ACTOR = "system:booking"  # created_by of the room charge a pay-at-hotel booking puts on the folio


def _room_fen_per_unit(line) -> list[int]:
    """What each unit of a room line owes: the unit price less its share of the line's discount."""
    shares = split_largest_remainder(line.discount_fen, [1] * line.quantity) if line.discount_fen else [0] * (
        line.quantity)
    return [line.unit_price_fen - share for share in shares]


@transaction.atomic
def on_order_confirmed(order: Order) -> list[Folio]:
    """A room charge on the folio of each of the order's stays (receivers.py creates the stays
    first). Idempotent."""
    folios = []
    for stay in Stay.objects.filter(order=order).select_related("order_line").order_by("id"):
        folio, _ = Folio.objects.get_or_create(stay=stay, defaults={"guest_name": stay.guest_name})
        if not FolioCharge.objects.filter(folio=folio, kind=ChargeKind.ROOM, created_by=BOOKING_ACTOR).exists():
            amount = _room_fen_per_unit(stay.order_line)[stay.unit - 1]
            if amount > 0:
                add_charge(folio_id=folio.pk, kind=ChargeKind.ROOM, amount_fen=amount, actor=BOOKING_ACTOR,
                           description=f"房费 {stay.nights} 晚（到店付款，订单 {stay.order_no}）")
        folios.append(folio)
    return folios


def room_charge_fen(folio: Folio) -> int:
    return FolioCharge.objects.filter(folio=folio, kind=ChargeKind.ROOM, created_by=BOOKING_ACTOR).aggregate(
        s=Sum("amount_fen"))["s"] or 0


def post_commission_if_paid(folio: Folio) -> None:
    """The booking's room charge is paid (payments are applied to it first): book the platform's
    commission on what was paid at the desk (orders.signals.paid_at_merchant, same transaction).
    Posts once per stay; nothing for prepaid stays."""
    if not folio.stay_id:
        return
    stay = Stay.objects.select_related("order").get(pk=folio.stay_id)
    room = room_charge_fen(folio)
    if not stay.order.pay_at_merchant or not room or folio.paid_fen < room:
        return
    via_platform = folio.payments.filter(method=PayMethod.PLATFORM).aggregate(s=Sum("amount_fen"))["s"] or 0
    signals.paid_at_merchant.send(sender=Order, order=stay.order, ref=f"{connection.schema_name}:stay:{stay.pk}",
                                  gross_fen=max(0, room - via_platform),
                                  memo=f"到店付款佣金（应收商户）订单 {stay.order_no} 第 {stay.unit} 间")


def on_checked_in(stay: Stay, actor: str) -> None:
    """The guest arrived: a confirmed pay-at-hotel order is now in use (no cancel, no no-show)."""
    order = Order.objects.get(pk=stay.order_id)
    if order.pay_at_merchant and order.status == OrderStatus.CONFIRMED:
        orders.fulfil(order_id=order.pk, actor=actor, how="used")


def on_all_no_show(order: Order, actor: str) -> None:
    """Every stay of a confirmed pay-at-hotel order was marked no-show at the desk: cancel the order."""
    cancel_confirmed(order_id=order.pk, actor=actor, reason=NO_SHOW_REASON, no_show=True)


def _void_room_charge(stay: Stay, actor: str) -> None:
    """Take the unpaid booking charge off the folio of a stay that will not happen."""
    folio = Folio.objects.select_for_update().filter(stay=stay).first()
    if folio is None or folio.paid_fen:
        return  # something was paid: the desk sorts it out by hand
    charges = FolioCharge.objects.filter(folio=folio, kind=ChargeKind.ROOM, created_by=BOOKING_ACTOR)
    amount = charges.aggregate(s=Sum("amount_fen"))["s"] or 0
    if not amount:
        return
    charges.delete()
    Folio.objects.filter(pk=folio.pk).update(charges_fen=F("charges_fen") - amount)
    folio.refresh_from_db()
    FOLIO_MACHINE.record(folio, folio.status, folio.status, actor=actor,
                         reason=f"预订取消，撤销房费 {amount / 100:.2f} 元")
    if folio.status == FolioStatus.OPEN and folio.balance_fen == 0:
        folio.settled_at = timezone.now()
        FOLIO_MACHINE.move(folio, FolioStatus.SETTLED, actor=actor, reason="无待付款项")


@transaction.atomic
def on_order_cancelled(order: Order, no_show: bool = False) -> None:
    """A confirmed pay-at-hotel order was cancelled: its booked stays end, their nights are freed."""
    if not order.pay_at_merchant:
        return
    to = StayStatus.NO_SHOW if no_show else StayStatus.CANCELLED
    for stay in Stay.objects.select_for_update().filter(order=order).order_by("id"):
        if stay.status == StayStatus.BOOKED:
            RoomNight.objects.filter(stay=stay).delete()
            stay.room = None
            STAY_MACHINE.move(stay, to, actor="system", reason="未到店" if no_show else "订单取消")
        if stay.status in (StayStatus.NO_SHOW, StayStatus.CANCELLED):
            _void_room_charge(stay, actor="system")
