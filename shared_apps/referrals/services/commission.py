"""Member distribution (DST-MEM-01..05): referral binding by code, level-based commission on
paid tourist orders of bound tourists. The commission is paid by the platform out of its own
commission on that order (never more than it), so merchants' settlements are untouched:

  paid      Dr platform_commission              Cr distributor_commission_frozen:<id>
  released  Dr distributor_commission_frozen    Cr distributor_commission:<id>
            (order used/completed + DISTRIBUTION_COMMISSION_REFUND_WINDOW_DAYS)
  refund    Dr frozen (or available, once released)  Cr platform_commission   (same rate, cumulative)
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from shared_apps.accounts.models import Distributor
from shared_apps.checkout.models import OrderIndex
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.distribution.models import DistributionEvent, DistributorLevel, DistributorProfile
from shared_apps.distribution.services.common import (
    commission_code,
    frozen_code,
    mask,
    profile_of,
    setting,
)
from shared_apps.ledger import services as ledger
from shared_apps.referrals import errors
from shared_apps.settlement.services import commission_of
from tenants.models import Merchant

from ..models import AccrualStatus, CommissionAccrual, ReferralBinding

S = AccrualStatus
ACCRUAL_TRANSITIONS = {S.FROZEN: {S.RELEASED, S.CLAWED_BACK}, S.RELEASED: {S.CLAWED_BACK}}
ACCRUAL_MACHINE = Machine(ACCRUAL_TRANSITIONS, DistributionEvent, subject="accrual", what="accrual")


def bind(*, user, code: str, source: str = "api") -> ReferralBinding:
    """Bind a tourist to the distributor owning `code`. First touch wins; binding again to the
    same distributor is a no-op."""
    profile = DistributorProfile.objects.select_related("distributor").filter(
        referral_code=(code or "").strip().upper()).first()
    if profile is None or profile.distributor.status != Distributor.Status.ACTIVE:
        raise DomainError(errors.REFERRAL_CODE_INVALID)
    dist = profile.distributor
    if dist.members.filter(user=user).exists():
        raise DomainError(errors.SELF_REFERRAL)
    existing = ReferralBinding.objects.filter(user=user).first()
    if existing:
        if existing.distributor_id == dist.pk:
            return existing
        raise DomainError(errors.ALREADY_BOUND)
    try:
        with transaction.atomic():
            return ReferralBinding.objects.create(user=user, distributor=dist, source=source[:16])
    except IntegrityError:
        return bind(user=user, code=code, source=source)


def rate_for(distributor_id: int) -> tuple[str, int]:
    profile = DistributorProfile.objects.select_related("level").filter(distributor_id=distributor_id).first()
    level = profile.level if profile and profile.level_id else DistributorLevel.objects.order_by("rank").first()
    if level is None:
        return "", setting("DEFAULT_COMMISSION_BPS")
    return level.code, level.commission_bps


def on_order_paid(*, schema: str, order) -> CommissionAccrual | None:
    """orders.order_paid (inside the payment transaction) for a platform-paid tourist order."""
    if order.channel != "tourist" or not order.user_id or not order.checkout_id:
        return None
    binding = ReferralBinding.objects.filter(user_id=order.user_id).first()
    if binding is None:
        return None
    merchant = Merchant.objects.get(schema_name=schema)
    level_code, bps = rate_for(binding.distributor_id)
    amount = min(order.total_fen * bps // 10_000, commission_of(merchant, order.total_fen))
    if amount <= 0:
        return None
    accrual, created = CommissionAccrual.objects.get_or_create(
        merchant=merchant, order_id=order.pk,
        defaults={"distributor_id": binding.distributor_id, "user_id": order.user_id, "order_no": order.order_no,
                  "level_code": level_code, "rate_bps": bps, "order_fen": order.total_fen, "amount_fen": amount})
    if created:
        ledger.post(kind="dst_commission", ref=f"accrual:{accrual.pk}", memo=f"推荐佣金（冻结）{order.order_no}",
                    lines=[("platform_commission", amount), (frozen_code(accrual.distributor_id), -amount)])
        ACCRUAL_MACHINE.record(accrual, "", S.FROZEN, actor="system", reason=f"{bps} bps")
    return accrual


def on_order_refunded(*, schema: str, order, refund) -> None:
    """Claw back at the original rate, cumulatively: after a full refund nothing is left."""
    accrual = CommissionAccrual.objects.select_for_update(of=("self",)).filter(merchant__schema_name=schema,
                                                                   order_id=order.pk).first()
    if accrual is None or accrual.status == S.CLAWED_BACK or not accrual.order_fen:
        return
    target = accrual.amount_fen * min(order.refunded_fen, accrual.order_fen) // accrual.order_fen
    delta = target - accrual.clawed_back_fen
    if delta <= 0:
        return
    source = frozen_code if accrual.status == S.FROZEN else commission_code
    ledger.post(kind="dst_clawback", ref=f"accrual:{accrual.pk}:refund:{schema}:{refund.pk}",
                memo=f"退款追回推荐佣金 {order.order_no}",
                lines=[(source(accrual.distributor_id), delta), ("platform_commission", -delta)])
    accrual.clawed_back_fen = target
    accrual.save(update_fields=["clawed_back_fen"])
    if accrual.clawed_back_fen == accrual.amount_fen:
        ACCRUAL_MACHINE.move(accrual, S.CLAWED_BACK, actor=refund.decided_by, reason="全额退款追回")


def sweep(*, now=None) -> dict:
    """Beat: note redemptions (order used/completed), then release what is past the refund window."""
    now = now or timezone.now()
    waiting = list(CommissionAccrual.objects.filter(status=S.FROZEN, fulfilled_at__isnull=True).values_list(
        "id", "merchant_id", "order_id")[:2000])
    used = set(OrderIndex.objects.filter(status__in=["used", "completed"], order_id__in=[o for *_, o in waiting])
               .values_list("merchant_id", "order_id")) if waiting else set()
    window = timedelta(days=setting("COMMISSION_REFUND_WINDOW_DAYS"))
    fulfilled = [pk for pk, m, o in waiting if (m, o) in used]
    CommissionAccrual.objects.filter(pk__in=fulfilled, fulfilled_at__isnull=True).update(
        fulfilled_at=now, release_at=now + window)
    released = 0
    for pk in CommissionAccrual.objects.filter(status=S.FROZEN, release_at__lte=now).values_list("id", flat=True):
        released += release(accrual_id=pk, now=now)
    return {"fulfilled": len(fulfilled), "released": released}


@transaction.atomic
def release(*, accrual_id: int, now=None) -> int:
    accrual = CommissionAccrual.objects.select_for_update().get(pk=accrual_id)
    if accrual.status != S.FROZEN:
        return 0
    if accrual.net_fen:
        ledger.post(kind="dst_commission_release", ref=f"accrual:{accrual.pk}", memo=f"推荐佣金解冻 {accrual.order_no}",
                    lines=[(frozen_code(accrual.distributor_id), accrual.net_fen),
                           (commission_code(accrual.distributor_id), -accrual.net_fen)])
    accrual.released_at = now or timezone.now()
    ACCRUAL_MACHINE.move(accrual, S.RELEASED, actor="system", reason="退款期满", fields=["released_at"])
    refresh_level(accrual.distributor_id)
    return 1


def refresh_level(distributor_id: int) -> None:
    """Move up (never down) to the highest level whose threshold the released sales reach."""
    sales = CommissionAccrual.objects.filter(distributor_id=distributor_id, status=S.RELEASED).aggregate(
        s=Sum("order_fen"))["s"] or 0
    best = DistributorLevel.objects.filter(min_sales_fen__lte=sales).order_by("-rank").first()
    profile = profile_of(Distributor.objects.get(pk=distributor_id))
    if best and (profile.level is None or best.rank > profile.level.rank):
        DistributorProfile.objects.filter(pk=profile.pk).update(level=best)


# ---- reads --------------------------------------------------------------------------------------

def _sums(qs) -> dict:
    agg = qs.aggregate(
        n=Count("id"), gross=Sum("order_fen"), accrued=Sum("amount_fen"), clawed=Sum("clawed_back_fen"),
        frozen=Sum("amount_fen", filter=Q(status=S.FROZEN)),
        frozen_clawed=Sum("clawed_back_fen", filter=Q(status=S.FROZEN)),
        released=Sum("amount_fen", filter=Q(status=S.RELEASED)),
        released_clawed=Sum("clawed_back_fen", filter=Q(status=S.RELEASED)))
    agg = {k: v or 0 for k, v in agg.items()}
    return {"orders": agg["n"], "order_fen": agg["gross"], "accrued_fen": agg["accrued"],
            "clawed_back_fen": agg["clawed"], "frozen_fen": agg["frozen"] - agg["frozen_clawed"],
            "released_fen": agg["released"] - agg["released_clawed"]}


def performance(*, distributor_id: int | None = None) -> dict:
    """Per distributor (member-distributor) and per level (DST-MEM-04)."""
    dists = Distributor.objects.order_by("id")
    if distributor_id:
        dists = dists.filter(pk=distributor_id)
    rows = []
    for dist in dists.select_related("profile__level"):
        profile = getattr(dist, "profile", None)
        level = profile.level if profile and profile.level_id else None
        rows.append({"distributor_id": dist.pk, "name": dist.name, "level": level.code if level else "",
                     "referred_users": ReferralBinding.objects.filter(distributor=dist).count(),
                     **_sums(CommissionAccrual.objects.filter(distributor=dist))})
    levels = [{"level": lv.code, "name": lv.name, "commission_bps": lv.commission_bps,
               **_sums(CommissionAccrual.objects.filter(level_code=lv.code, **(
                   {"distributor_id": distributor_id} if distributor_id else {})))}
              for lv in DistributorLevel.objects.order_by("rank")]
    return {"distributors": rows, "levels": levels}


def referred_users(distributor_id: int) -> list[dict]:
    """The distributor's bound tourists (CRM view, DST-MEM-01/03): masked identity and spend."""
    stats = {row["user_id"]: row for row in CommissionAccrual.objects.filter(distributor_id=distributor_id)
             .values("user_id").annotate(n=Count("id"), gross=Sum("order_fen"),
                                         net=Sum("amount_fen") - Sum("clawed_back_fen"))}
    rows = []
    for b in ReferralBinding.objects.filter(distributor_id=distributor_id).select_related("user"):
        s = stats.get(b.user_id, {})
        name = b.user.display_name or b.user.username
        rows.append({"user": name[:1] + "*" * max(1, len(name) - 1), "phone": mask(b.user.phone or "", 4),
                     "source": b.source, "bound_at": b.created_at, "orders": s.get("n", 0),
                     "order_fen": s.get("gross") or 0, "commission_fen": s.get("net") or 0})
    return rows
