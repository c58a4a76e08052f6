"""Pay at the merchant (到付, EC-HTL-06): a room booked on the platform, paid at the hotel desk.

A room product allows it with the catalog attribute `pay_at_hotel: true`. Its order is made by
the normal place_order and moved at once, in the checkout's transaction, from pending_payment to
CONFIRMED: the holds become sold, no payment intent is opened, and `order_confirmed` lets the
hotel create the stays (with the room price on each stay's folio).

Guarantee rule: the tourist may cancel free until the cut-off (attribute `pay_at_hotel_cutoff`
"HH:MM", default 18:00) on the arrival day; after it, an order still CONFIRMED (nobody checked
in: check-in moves the order to USED) is cancelled by the beat task as a no-show (reason 未到店)
and its room-nights go back on sale. Nothing was paid, so nothing is refunded or posted.
"""

from datetime import datetime, time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.catalog.models import Product, ProductKind
from tenant_apps.inventory import services as inventory
from tenant_apps.orders import errors

from . import discounts, signals
from .models import Order, OrderStatus
from .services import LineInput, _locked, needs_for, transition

S = OrderStatus
DEFAULT_CUTOFF = getattr(settings, "PAY_AT_HOTEL_CUTOFF", "18:00")
NO_SHOW_REASON = "未到店"


def allows_pay_at_hotel(product: Product) -> bool:
    return product.kind == ProductKind.ROOM and (product.attributes or {}).get("pay_at_hotel") is True


def cutoff_time(product: Product) -> time:
    hh, mm = ((product.attributes or {}).get("pay_at_hotel_cutoff") or DEFAULT_CUTOFF).split(":")
    return time(int(hh), int(mm))


def check_lines(lines: list[LineInput]) -> None:
    """Every line must be a room whose product allows pay at hotel (else 400 pay_at_merchant_not_allowed)."""
    products = {p.pk: p for p in Product.objects.filter(pk__in={ln.product_id for ln in lines})}
    for line in lines:
        product = products.get(line.product_id)
        if product is not None and not allows_pay_at_hotel(product):
            raise DomainError(errors.PAY_AT_MERCHANT_NOT_ALLOWED, details={"product_id": product.pk},
                              product_name=product.name)
    # A missing / off-shelf product is reported by place_order (product_unavailable).


def cutoff_of(order: Order) -> datetime | None:
    """When free cancellation ends: the earliest arrival day's cut-off (None: no dated room line)."""
    moments = [timezone.make_aware(datetime.combine(line.day, cutoff_time(line.product)))
               for line in order.lines.select_related("product") if line.kind == ProductKind.ROOM and line.day]
    return min(moments) if moments else None


@transaction.atomic
def confirm(*, order_id: int, actor: str = "") -> Order:
    """pending_payment -> confirmed without payment (caller's transaction). Idempotent."""
    order = _locked(order_id)
    if order.status == S.CONFIRMED:
        return order
    order.pay_at_merchant, order.expires_at = True, None
    order.save(update_fields=["pay_at_merchant", "expires_at"])
    inventory.convert(ref=order.hold_ref)  # the room-nights are taken now, not at payment
    transition(order, S.CONFIRMED, actor=actor, reason="到店付款，预订已确认")
    signals.order_confirmed.send(sender=Order, order=order)
    return order


def _return_units(order: Order) -> None:
    """The sold units of every line go back on sale (slots in id order, as reserve() locks them)."""
    needs = []
    for line in order.lines.select_related("product"):
        needs += needs_for(line.product, LineInput(line.product_id, line.quantity, line.day, line.session,
                                                   line.nights))
    for need in sorted(needs, key=lambda n: n.slot_id):
        inventory.return_sold(slot_id=need.slot_id, quantity=need.quantity)


@transaction.atomic
def cancel_confirmed(*, order_id: int, actor: str, reason: str = "取消预订", no_show: bool = False,
                     by_tourist: bool = False, now: datetime | None = None) -> Order:
    """Cancel a confirmed pay-at-merchant order: the nights go back on sale, the hotel cancels the
    stays (order_cancelled, no_show=...). A tourist may only do it before the cut-off."""
    order = _locked(order_id)
    if order.status == S.CANCELLED:
        return order
    if not order.pay_at_merchant or order.status != S.CONFIRMED:
        raise DomainError(errors.INVALID_TRANSITION_ORDER_CANNOT_CANCELLED, status_label=order.get_status_display(),
                          status=order.status)
    cutoff = cutoff_of(order)
    if by_tourist and cutoff is not None and (now or timezone.now()) >= cutoff:
        local = timezone.localtime(cutoff)
        raise DomainError(errors.CANCEL_CUTOFF_PASSED, details={"cutoff": local.isoformat()}, cutoff=local)
    _return_units(order)
    discounts.release_coupon(order)
    transition(order, S.CANCELLED, actor=actor, reason=reason)
    signals.order_cancelled.send(sender=Order, order=order, no_show=no_show)
    return order


def cancel_no_shows(*, now: datetime | None = None) -> int:
    """Beat (current schema): confirmed pay-at-merchant orders past their cut-off become no-shows."""
    now = now or timezone.now()
    due = Order.objects.filter(status=S.CONFIRMED, pay_at_merchant=True,
                               lines__kind=ProductKind.ROOM, lines__day__lte=timezone.localdate(now)).distinct()
    done = 0
    for order in due.order_by("id"):
        cutoff = cutoff_of(order)
        if cutoff is None or now < cutoff:
            continue
        try:
            cancel_confirmed(order_id=order.pk, actor="system", reason=NO_SHOW_REASON, no_show=True)
            done += 1
        except DomainError:
            continue  # checked in meanwhile
    return done


def pay_at_merchant_summary(order: Order) -> dict:
    """What the tourist / console shows for a pay-at-merchant order."""
    if not order.pay_at_merchant:
        return {"pay_at_merchant": False}
    cutoff = cutoff_of(order)
    return {"pay_at_merchant": True, "cancel_until": timezone.localtime(cutoff) if cutoff else None,
            "can_cancel": order.status == S.CONFIRMED and (cutoff is None or timezone.now() < cutoff)}
