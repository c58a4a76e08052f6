"""Returns and exchanges (RMA, EC-SHP-09).

requested -> approved -> goods_received -> refunded (return) | exchanged (exchange shipment sent);
requested -> rejected; requested | approved -> cancelled (by the tourist).
The refund itself goes through tenant_apps.orders (request_refund + decide_refund), so the
money path (platform refund, ledger) is the one every refund takes.
"""

from django.db import transaction
from django.db.models import F

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from tenant_apps.catalog.models import ProductKind
from tenant_apps.inventory import services as inventory
from tenant_apps.orders import aftersale, discounts
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.shop import errors

from .carriers import CARRIERS
from .events import history
from .models import OPEN_RMA, ReturnRequest, RmaKind, RmaStatus, Shipment, ShipmentKind, ShipmentStatus, ShopEvent

R = RmaStatus
RMA_TRANSITIONS = {
    R.REQUESTED: {R.APPROVED, R.REJECTED, R.CANCELLED},
    R.APPROVED: {R.GOODS_RECEIVED, R.CANCELLED},
    R.GOODS_RECEIVED: {R.REFUNDED, R.EXCHANGED},
    R.REJECTED: set(), R.REFUNDED: set(), R.EXCHANGED: set(), R.CANCELLED: set(),
}
RMA_MACHINE = Machine(RMA_TRANSITIONS, ShopEvent, subject="rma", what="rma")
# A completed order (receipt confirmed) is returned only within its return window (orders.aftersale);
# exchanges after receipt have no window.
RETURNABLE = (OrderStatus.SHIPPED, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.COMPLETED)
EXCHANGEABLE = RETURNABLE


def _locked(rma_id: int) -> ReturnRequest:
    rma = ReturnRequest.objects.select_for_update().filter(pk=rma_id).first()
    if rma is None:
        raise DomainError(errors.RMA_NOT_FOUND)
    return rma


@transaction.atomic
def request(*, order_id: int, kind: str, reason: str, actor: str, user_id: int | None = None,
            lines: list[dict] | None = None) -> ReturnRequest:
    """The tourist asks to return (refund) or exchange shipped goods. Empty lines: all goods left."""
    if kind not in RmaKind.values:
        raise DomainError(errors.RMA_KIND_INVALID)
    if not (reason or "").strip():
        raise DomainError(errors.REASON_REQUIRED)
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise DomainError(errors.ORDER_NOT_FOUND)
    shipped = Shipment.objects.filter(order=order, kind=ShipmentKind.ORDER,
                                      status__in=(ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED,
                                                  ShipmentStatus.RECEIVED)).exists()
    allowed = RETURNABLE if kind == RmaKind.RETURN else EXCHANGEABLE
    if not shipped or order.status not in allowed:
        raise DomainError(errors.RMA_NOT_ALLOWED)
    if order.completed_at and kind == RmaKind.RETURN:  # after receipt: 七天无理由 (orders.aftersale)
        aftersale.check_return_window(order)
    if ReturnRequest.objects.filter(order=order, status__in=OPEN_RMA).exists():
        raise DomainError(errors.RMA_EXISTS)
    goods = {ln.pk: ln for ln in order.lines.filter(kind=ProductKind.GOODS)}
    left = {pk: (ln.quantity - ln.refunded_qty, ln.unit_price_fen) for pk, ln in goods.items()}
    wanted: dict[int, int] = {}
    for item in lines or [{"line_id": k, "quantity": q} for k, (q, _) in left.items() if q > 0]:
        line_id, qty = int(item.get("line_id", 0)), int(item.get("quantity", 0))
        if line_id not in left or not 1 <= qty:
            raise DomainError(errors.RMA_LINES_INVALID_RETURN_LINE_QUANTITY, details={"line_id": line_id})
        wanted[line_id] = wanted.get(line_id, 0) + qty
        if wanted[line_id] > left[line_id][0]:
            raise DomainError(errors.RMA_LINES_INVALID_QUANTITY_ABOVE_WHAT, details={"line_id": line_id})
    if not wanted:
        raise DomainError(errors.RMA_LINES_INVALID)
    amount = discounts.refund_amount(goods, wanted) if kind == RmaKind.RETURN else 0  # what was really paid
    rma = ReturnRequest.objects.create(order=order, user_id=user_id, kind=kind, reason=reason.strip()[:200],
                                       lines=[{"line_id": k, "quantity": q} for k, q in sorted(wanted.items())],
                                       amount_fen=amount)
    RMA_MACHINE.record(rma, "", R.REQUESTED, actor=actor, reason=rma.reason)
    return rma


@transaction.atomic
def decide(*, rma_id: int, approve: bool, actor: str, note: str = "") -> ReturnRequest:
    rma = _locked(rma_id)
    if not approve and not (note or "").strip():
        raise DomainError(errors.NOTE_REQUIRED_REJECT)
    rma.decision_note = (note or "")[:200]
    RMA_MACHINE.move(rma, R.APPROVED if approve else R.REJECTED, actor=actor,
         reason=note or ("同意退换货" if approve else "拒绝"), fields=["decision_note", "updated_at"])
    return rma


@transaction.atomic
def cancel(*, rma_id: int, actor: str) -> ReturnRequest:
    rma = _locked(rma_id)
    RMA_MACHINE.move(rma, R.CANCELLED, actor=actor, reason="用户撤销", fields=["updated_at"])
    return rma


@transaction.atomic
def ship_back(*, rma_id: int, carrier: str, tracking_no: str, actor: str) -> ReturnRequest:
    """The tourist tells how the goods are coming back (approved RMAs)."""
    rma = _locked(rma_id)
    if rma.status != R.APPROVED:
        raise DomainError(errors.INVALID_TRANSITION_RMA_APPROVED, status_label=rma.get_status_display())
    if carrier not in CARRIERS or not 4 <= len((tracking_no or "").strip()) <= 40:
        raise DomainError(errors.TRACKING_NO_INVALID)
    rma.return_carrier, rma.return_tracking_no = carrier, tracking_no.strip()
    rma.save(update_fields=["return_carrier", "return_tracking_no", "updated_at"])
    RMA_MACHINE.record(rma, rma.status, rma.status, actor=actor,
                       reason=f"寄回 {CARRIERS[carrier]} {rma.return_tracking_no}")
    return rma


@transaction.atomic
def goods_received(*, rma_id: int, actor: str) -> ReturnRequest:
    """The merchant has the goods back. Exchanges get a pending exchange shipment."""
    rma = _locked(rma_id)
    RMA_MACHINE.move(rma, R.GOODS_RECEIVED, actor=actor, reason="已收到退货", fields=["updated_at"])
    if rma.kind == RmaKind.EXCHANGE:
        order = rma.order
        names = dict(order.lines.values_list("id", "product_name"))
        Shipment.objects.create(order=order, kind=ShipmentKind.EXCHANGE, rma=rma, address=order.address or {},
                                lines=[{**x, "product_name": names.get(x["line_id"], "")} for x in rma.lines])
    return rma


@transaction.atomic
def refund(*, rma_id: int, actor: str, restock: bool = False) -> ReturnRequest:
    """Refund a received return through the order's refund flow (same transaction)."""
    rma = _locked(rma_id)
    if rma.kind != RmaKind.RETURN:
        raise DomainError(errors.INVALID_TRANSITION_EXCHANGES_REFUNDED, status_label=rma.get_status_display())
    if rma.status != R.GOODS_RECEIVED:
        RMA_MACHINE.move(rma, R.REFUNDED, actor=actor)  # not allowed: raises invalid_transition
    asked = orders.request_refund(order_id=rma.order_id, actor=actor, reason=f"退货退款：{rma.reason}"[:200],
                                  lines=rma.lines, return_accepted=True)
    request_ = orders.decide_refund(refund_id=asked.pk, approve=True, actor=actor, note=f"退货 #{rma.pk} 已收货")
    if restock:
        _restock(rma)
    rma.refund = request_
    RMA_MACHINE.move(rma, R.REFUNDED, actor=actor, reason=f"退款 {request_.amount_fen / 100:.2f} 元",
         fields=["refund", "updated_at"])
    return rma


def _restock(rma: ReturnRequest) -> None:
    """Returned goods in sellable condition go back into stock."""
    lines = {ln.pk: ln for ln in rma.order.lines.select_related("product")}
    needs = []
    for item in rma.lines:
        line = lines[item["line_id"]]
        needs += orders.needs_for(line.product, orders.LineInput(line.product_id, item["quantity"]))
    for need in sorted(needs, key=lambda n: n.slot_id):
        inventory.return_sold(slot_id=need.slot_id, quantity=need.quantity)


def can_return_after_receipt(order: Order) -> bool:
    """The tourist's 申请退货 button: a completed goods order inside its return window, with goods
    not yet refunded and no return / exchange in progress."""
    return (order.completed_at is not None and order.status in RETURNABLE and aftersale.window_open(order)
            and order.lines.filter(kind=ProductKind.GOODS, refunded_qty__lt=F("quantity")).exists()
            and not ReturnRequest.objects.filter(order=order, status__in=OPEN_RMA).exists())


def rma_row(r: ReturnRequest) -> dict:
    return {"id": r.pk, "order_id": r.order_id, "order_no": r.order.order_no, "kind": r.kind,
            "kind_display": r.get_kind_display(), "status": r.status, "status_display": r.get_status_display(),
            "lines": r.lines, "amount_fen": r.amount_fen, "reason": r.reason, "decision_note": r.decision_note,
            "return_carrier": r.return_carrier, "return_tracking_no": r.return_tracking_no,
            "refund_id": r.refund_id, "created_at": r.created_at, "events": history(RMA_MACHINE.events(r))}
