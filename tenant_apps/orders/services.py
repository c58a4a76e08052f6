"""Order use cases inside one merchant schema. The one transition table is TRANSITIONS (moved by
MACHINE); a refund request's is REFUND_TRANSITIONS (REFUND_MACHINE)."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from tenant_apps.catalog import selectors as catalog
from tenant_apps.catalog.models import Product
from tenant_apps.inventory import services as inventory
from tenant_apps.orders import errors

from . import aftersale, discounts, limits, signals
from .models import Channel, Order, OrderEvent, OrderLine, OrderStatus, RefundRequest, RefundRequestEvent, RefundStatus

S = OrderStatus
TRANSITIONS = {
    S.PENDING_PAYMENT: {S.PAID, S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.USED, S.COMPLETED, S.CANCELLED},  # 到付 (pay at merchant): nothing paid, nothing to refund
    S.PAID: {S.USED, S.SHIPPED, S.COMPLETED, S.REFUND_REQUESTED},
    S.USED: {S.COMPLETED, S.REFUND_REQUESTED},
    S.SHIPPED: {S.COMPLETED, S.REFUND_REQUESTED},
    S.PARTIALLY_REFUNDED: {S.USED, S.SHIPPED, S.COMPLETED, S.REFUND_REQUESTED},
    S.REFUND_REQUESTED: {S.REFUNDED, S.PARTIALLY_REFUNDED, S.PAID, S.USED, S.SHIPPED, S.COMPLETED},
    S.COMPLETED: {S.REFUND_REQUESTED},  # returns after receipt, within the return window
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}
MACHINE = Machine(TRANSITIONS, OrderEvent, subject_field="order", what="Order", label="订单",
                  fields=["status_before_refund", "refunded_fen", "paid_at", "completed_at"])
REFUND_TRANSITIONS = {RefundStatus.REQUESTED: {RefundStatus.APPROVED, RefundStatus.REJECTED}}
REFUND_MACHINE = Machine(REFUND_TRANSITIONS, RefundRequestEvent, subject_field="refund", what="Refund request",
                         label="退款申请", save_all=True)
MAX_NIGHTS = 30
MAX_ADVANCE_DAYS = 730  # also keeps day + nights inside the calendar (9999-12-31 overflowed: a 500)
MAX_QUANTITY = 99


@dataclass(frozen=True)
class LineInput:
    product_id: int
    quantity: int
    day: date | None = None
    session: str = ""
    nights: int = 1


def transition(order: Order, to_status: str, *, actor: str = "", reason: str = "", amount_fen: int = 0) -> Order:
    """Move the order (MACHINE) saving its money and time fields; order_saved refreshes its index."""
    MACHINE.guard(order, to_status)
    if to_status == S.COMPLETED and order.completed_at is None:
        order.completed_at = timezone.now()
    MACHINE.move(order, to_status, actor=actor, reason=reason, amount_fen=amount_fen)
    signals.order_saved.send(sender=Order, order=order)
    return order


def _stay_days(product: Product, line: LineInput) -> list[date | None]:
    if product.kind == "room":
        return [line.day + timedelta(days=i) for i in range(line.nights)]
    return [line.day]


def needs_for(product: Product, line: LineInput) -> list[inventory.Need]:
    """The slot units one order line occupies (packages expand to their components)."""
    days = _stay_days(product, line)
    needs = []
    for component, per_unit in catalog.components_of(product):
        if component.inventory_mode == "unlimited":
            continue
        session = line.session if line.session in (component.sessions or []) else ""
        for day in [None] if component.inventory_mode == "stock" else days:
            slot = inventory.slot_for(product=component, day=day, session=session)
            needs.append(inventory.Need(slot.pk, line.quantity * per_unit))
    return needs


def validate_line(product: Product, line: LineInput, now: datetime) -> None:
    """What place_order checks of one line before pricing it (the checkout preview checks the same)."""
    def bad(error, **params):
        raise DomainError(error, details={"product_id": product.pk}, product_name=product.name, **params)

    if not 1 <= line.quantity <= MAX_QUANTITY:
        bad(errors.QUANTITY_INVALID_OUT_RANGE, max_quantity=MAX_QUANTITY)
    dated = product.inventory_mode == "dated"
    if dated and line.day is None:
        bad(errors.DAY_REQUIRED_LINE)
    if not dated and product.kind != "dish" and line.day is not None:
        bad(errors.DAY_NOT_ALLOWED)
    today = timezone.localdate(now)
    if line.day is not None and line.day < today:
        bad(errors.DAY_IN_PAST_LINE)
    if line.day is not None and (line.day - today).days > MAX_ADVANCE_DAYS:
        bad(errors.DAY_TOO_FAR, max_days=MAX_ADVANCE_DAYS)
    sessions = product.sessions or []
    if sessions and line.session not in sessions:
        bad(errors.SESSION_INVALID_PICK_ONE_SESSIONS, sessions='、'.join(sessions))
    if not sessions and line.session:
        bad(errors.SESSION_INVALID_PRODUCT_HAS_NO)
    if product.kind == "room":
        if not 1 <= line.nights <= MAX_NIGHTS:
            bad(errors.NIGHTS_INVALID_OUT_RANGE, max_nights=MAX_NIGHTS)
    elif line.nights != 1:
        bad(errors.NIGHTS_INVALID_ONLY_ROOMS_TAKE)
    advance = int((product.attributes or {}).get("advance_hours") or 0)
    if advance and line.day is not None:
        start = (product.attributes or {}).get("entry_start") or "00:00"
        hh, mm = (int(x) for x in start.split(":"))
        starts = timezone.make_aware(datetime.combine(line.day, datetime.min.time()).replace(hour=hh, minute=mm))
        if starts - now < timedelta(hours=advance):
            bad(errors.TOO_LATE_TO_BOOK, advance=advance)


def unit_price(product: Product, line: LineInput, channel: str) -> int:
    if product.kind == "room":
        return sum(catalog.price_for(product, d, channel) for d in _stay_days(product, line))
    return catalog.price_for(product, line.day, channel)


def new_order_no() -> str:
    """yymmddHHMMSS + 8 random digits. With 6 digits, 40 buyers placing orders in one second
    collided on the unique order_no about once in a thousand runs of the concurrency tests."""
    return timezone.localtime().strftime("%y%m%d%H%M%S") + f"{secrets.randbelow(10**8):08d}"


@transaction.atomic
def place_order(*, lines: list[LineInput], expires_at: datetime, user=None, channel: str = "tourist",
                checkout_id: int | None = None, contact_name: str = "", contact_phone: str = "",
                travellers: list | None = None, address: dict | None = None, note: str = "",
                actor: str = "", pricer: Callable[[Product, LineInput, int], int] | None = None,
                coupon_code: str = "") -> Order:
    """Price the lines, hold their inventory and create the pending order (caller's transaction).
    `pricer(product, line, channel_unit_price)` may replace each line's unit price (distributor
    discount policies). Bundle offers and the merchant coupon `coupon_code` are applied by discounts.apply."""
    if not lines:
        raise DomainError(errors.EMPTY_ORDER)
    now = timezone.now()
    products = {p.pk: p for p in Product.objects.filter(pk__in={ln.product_id for ln in lines}, on_shelf=True)}
    priced, needs = [], []
    for line in lines:
        product = products.get(line.product_id)
        if product is None:
            raise DomainError(errors.PRODUCT_UNAVAILABLE_GOODS, details={"product_id": line.product_id})
        validate_line(product, line, now)
        price = unit_price(product, line, channel)
        if pricer is not None:
            price = pricer(product, line, price)
        priced.append((product, line, price))
        needs += needs_for(product, line)
    if user is not None and channel == Channel.TOURIST:  # anti-hoarding (limits.py)
        limits.check_per_tourist(user=user, lines=[(product, line) for product, line, _ in priced], now=now)
    order = Order.objects.create(
        order_no=new_order_no(), checkout_id=checkout_id, user=user, channel=channel,
        total_fen=sum(price * line.quantity for _, line, price in priced), contact_name=contact_name,
        contact_phone=contact_phone, travellers=travellers or [], address=address or {}, note=note,
        expires_at=expires_at,
    )
    made = OrderLine.objects.bulk_create([
        OrderLine(order=order, product=product, product_name=product.name, kind=product.kind, day=line.day,
                  session=line.session, nights=line.nights, quantity=line.quantity, unit_price_fen=price,
                  amount_fen=price * line.quantity)
        for product, line, price in priced
    ])
    discounts.apply(order, made, channel=channel, coupon_code=coupon_code, actor=actor)  # EC-SHP-06/07
    inventory.reserve(needs=needs, ref=order.hold_ref, expires_at=expires_at)
    MACHINE.record(order, "", S.PENDING_PAYMENT, actor=actor, reason="下单")
    signals.order_saved.send(sender=Order, order=order)
    return order


def _locked(order_id: int) -> Order:
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise DomainError(errors.ORDER_NOT_FOUND)
    return order


@transaction.atomic
def mark_paid(*, order_id: int, actor: str = "payment") -> Order:
    order = _locked(order_id)
    if order.status == S.PAID:
        return order  # idempotent
    inventory.convert(ref=order.hold_ref)
    order.paid_at = timezone.now()
    transition(order, S.PAID, actor=actor, reason="支付成功")
    signals.order_paid.send(sender=Order, order=order)
    return order


@transaction.atomic
def cancel(*, order_id: int, actor: str = "", reason: str = "取消") -> Order:
    order = _locked(order_id)
    if order.status == S.CANCELLED:
        return order  # idempotent
    inventory.release(ref=order.hold_ref)
    discounts.release_coupon(order)
    transition(order, S.CANCELLED, actor=actor, reason=reason)
    signals.order_cancelled.send(sender=Order, order=order)
    return order


@transaction.atomic
def fulfil(*, order_id: int, actor: str, how: str = "") -> Order:
    """Mark as used (tickets, rooms, dining) or shipped (goods)."""
    order = _locked(order_id)
    to = how or (S.SHIPPED if order.lines.filter(kind="goods").exists() else S.USED)
    if to not in (S.USED, S.SHIPPED):
        raise DomainError(errors.INVALID_HOW_USED_SHIPPED)
    return transition(order, to, actor=actor, reason="履约")


@transaction.atomic
def complete(*, order_id: int, actor: str) -> Order:
    return transition(_locked(order_id), S.COMPLETED, actor=actor, reason="完成")


@transaction.atomic
def request_refund(*, order_id: int, actor: str, reason: str = "", lines: list[dict] | None = None,
                   return_accepted: bool = False) -> RefundRequest:
    """`return_accepted`: an RMA whose window was checked when the tourist asked (shop.returns)."""
    order = _locked(order_id)
    if order.pay_at_merchant:  # 到付: nothing was paid through the platform, so nothing to refund
        raise DomainError(errors.PAY_AT_MERCHANT_NO_REFUND)
    if order.completed_at and not return_accepted:
        aftersale.check_return_window(order)  # after receipt: within the return window only
    wanted = {ln.id: ln.quantity - ln.refunded_qty for ln in order.lines.all()}
    if lines:
        picked = {}
        for item in lines:
            line_id, qty = int(item.get("line_id", 0)), int(item.get("quantity", 0))
            if line_id not in wanted or not 1 <= qty <= wanted[line_id]:
                raise DomainError(errors.REFUND_LINES_INVALID_LINE, details={"line_id": line_id})
            picked[line_id] = picked.get(line_id, 0) + qty
            if picked[line_id] > wanted[line_id]:  # the same line listed twice: the sum counts
                raise DomainError(errors.REFUND_LINES_INVALID_TOTAL, details={"line_id": line_id},
                                  left=wanted[line_id])
        wanted = picked
    wanted = {k: v for k, v in wanted.items() if v > 0}
    amount = discounts.refund_amount({ln.id: ln for ln in order.lines.all()}, wanted)  # what was really paid
    if amount <= 0:
        raise DomainError(errors.NOTHING_TO_REFUND)
    order.status_before_refund = order.status
    transition(order, S.REFUND_REQUESTED, actor=actor, reason=reason or "申请退款", amount_fen=amount)
    refund = RefundRequest.objects.create(
        order=order, lines=[{"line_id": k, "quantity": q} for k, q in sorted(wanted.items())],
        amount_fen=amount, reason=reason)
    REFUND_MACHINE.record(refund, "", RefundStatus.REQUESTED, actor=actor, reason=reason or "申请退款")
    return refund


@transaction.atomic
def decide_refund(*, refund_id: int, approve: bool, actor: str, note: str = "") -> RefundRequest:
    """Approve or reject a refund request: order, lines, inventory and refund state only. The money
    goes back through shared_apps.payments.refund_approval, which the approval views call."""
    refund = RefundRequest.objects.select_for_update().filter(pk=refund_id).first()
    if refund is None or refund.status != RefundStatus.REQUESTED:
        raise DomainError(errors.REFUND_NOT_OPEN)
    order = _locked(refund.order_id)
    refund.decided_by, refund.decision_note, refund.decided_at = actor[:150], note[:200], timezone.now()
    lines = {ln.id: ln for ln in order.lines.select_related("product")}
    if approve and not _refund_fits(order, lines, refund):
        # A request recorded before its quantities were summed per line: it can only be rejected.
        raise DomainError(errors.REFUND_EXCEEDS_LINE)
    REFUND_MACHINE.move(refund, RefundStatus.APPROVED if approve else RefundStatus.REJECTED, actor=actor,
                        reason=note)
    back_to = order.status_before_refund or S.PAID
    if not approve:
        return _finish_refund(order, back_to, actor, note or "拒绝退款", 0, refund)
    returned: list[inventory.Need] = []
    for item in refund.lines:
        line = lines[item["line_id"]]
        line.refunded_qty += item["quantity"]
        line.save(update_fields=["refunded_qty"])
        returned += needs_for(line.product, LineInput(line.product_id, item["quantity"], line.day, line.session,
                                                      line.nights))
    shipped = order.events.filter(to_status__in=(S.SHIPPED, S.COMPLETED)).exists()  # goods restock via the RMA
    if back_to in (S.PAID, S.PARTIALLY_REFUNDED) and not shipped:  # paid but never used: the units go back on sale
        for need in sorted(returned, key=lambda n: n.slot_id):  # same lock order as reserve()
            inventory.return_sold(slot_id=need.slot_id, quantity=need.quantity)
    order.refunded_fen += refund.amount_fen
    to = S.REFUNDED if order.refunded_fen == order.total_fen else S.PARTIALLY_REFUNDED
    return _finish_refund(order, to, actor, note or "同意退款", refund.amount_fen, refund)


def _refund_fits(order: Order, lines: dict, refund: RefundRequest) -> bool:
    """What the line and order CHECK constraints would say of approving `refund`, asked first."""
    for item in refund.lines:
        line = lines.get(item["line_id"])
        if line is None or line.refunded_qty + item["quantity"] > line.quantity:
            return False
    return order.refunded_fen + refund.amount_fen <= order.total_fen


def _finish_refund(order, to, actor, reason, amount, refund):
    transition(order, to, actor=actor, reason=reason, amount_fen=amount)
    if refund.status == RefundStatus.APPROVED:
        signals.order_refunded.send(sender=Order, order=order, refund=refund)
    return refund
