"""Shipping (EC-SHP-08/09): a shipment per paid goods order, shipping with carrier + tracking
number (the order becomes `shipped`), tracking events, receipt confirmation (order `completed`).

SHIPMENT_TRANSITIONS is the shipment's one transition table.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from tenant_apps.catalog.models import ProductKind
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.shop import errors

from .carriers import CARRIERS, CODES, carrier_for
from .models import (
    OPEN_RMA,
    ReturnRequest,
    RmaKind,
    RmaStatus,
    Shipment,
    ShipmentKind,
    ShipmentStatus,
    ShopEvent,
    TrackingEvent,
)
from .returns import RMA_MACHINE

SS = ShipmentStatus
SHIPMENT_TRANSITIONS = {
    SS.PENDING: {SS.SHIPPED, SS.CANCELLED},
    SS.SHIPPED: {SS.DELIVERED, SS.RECEIVED},
    SS.DELIVERED: {SS.RECEIVED},
    SS.RECEIVED: set(),
    SS.CANCELLED: set(),
}
SHIPMENT_MACHINE = Machine(SHIPMENT_TRANSITIONS, ShopEvent, subject="shipment", what="shipment")
AUTO_RECEIVE_DAYS = 7  # after delivery, receipt is confirmed automatically


def goods_lines(order: Order) -> list[dict]:
    return [{"line_id": ln.pk, "product_name": ln.product_name, "quantity": ln.quantity - ln.refunded_qty}
            for ln in order.lines.filter(kind=ProductKind.GOODS) if ln.quantity > ln.refunded_qty]


def create_for_order(order: Order) -> Shipment | None:
    """order_paid receiver: one shipment for the order's goods lines. Idempotent."""
    lines = goods_lines(order)
    if not lines:
        return None
    shipment, _ = Shipment.objects.get_or_create(order=order, kind=ShipmentKind.ORDER,
                                                 defaults={"lines": lines, "address": order.address or {}})
    return shipment


def adjust_for_refund(order: Order) -> None:
    """order_refunded receiver: a pending shipment ships only what is left, or nothing."""
    shipment = Shipment.objects.select_for_update().filter(order=order, kind=ShipmentKind.ORDER).first()
    if shipment is None or shipment.status != SS.PENDING:
        return
    lines = goods_lines(order)
    if lines:
        shipment.lines = lines
        shipment.save(update_fields=["lines"])
    else:
        SHIPMENT_MACHINE.move(shipment, SS.CANCELLED, actor="system", reason="订单已退款")


def _locked(shipment_id: int) -> Shipment:
    shipment = Shipment.objects.select_for_update().filter(pk=shipment_id).first()
    if shipment is None:
        raise DomainError(errors.SHIPMENT_NOT_FOUND)
    return shipment


@transaction.atomic
def ship(*, shipment_id: int, carrier: str, tracking_no: str, actor: str) -> Shipment:
    if carrier not in CARRIERS:
        raise DomainError(errors.CARRIER_INVALID, details={"carriers": list(CARRIERS)})
    tracking_no = (tracking_no or "").strip()
    if not 4 <= len(tracking_no) <= 40:
        raise DomainError(errors.TRACKING_NO_INVALID_NUMBER_REQUIRED)
    shipment = _locked(shipment_id)
    order = Order.objects.select_for_update().get(pk=shipment.order_id)
    if shipment.kind == ShipmentKind.ORDER and order.status == OrderStatus.REFUND_REQUESTED:
        raise DomainError(errors.REFUND_PENDING)
    shipment.carrier, shipment.tracking_no, shipment.shipped_at = carrier, tracking_no, timezone.now()
    try:
        with transaction.atomic():
            SHIPMENT_MACHINE.move(shipment, SS.SHIPPED, actor=actor,
                 reason=f"{CARRIERS[carrier]} {tracking_no}", fields=["carrier", "tracking_no", "shipped_at"])
    except IntegrityError as exc:
        raise DomainError(errors.TRACKING_NO_TAKEN) from exc
    if shipment.kind == ShipmentKind.ORDER:
        if order.status in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED):
            orders.fulfil(order_id=order.pk, actor=actor, how="shipped")
    else:
        rma = ReturnRequest.objects.select_for_update().get(pk=shipment.rma_id)
        RMA_MACHINE.move(rma, RmaStatus.EXCHANGED, actor=actor, reason="换货已发出")
    return shipment


@transaction.atomic
def add_tracking(*, shipment_id: int, code: str, description: str, actor: str, location: str = "",
                 at=None, external_id: str = "", source: str = "manual") -> TrackingEvent | None:
    """Append one tracking step (hand-entered or from a carrier). Idempotent on external_id.
    A `delivered` step marks the shipment delivered."""
    if code not in CODES:
        raise DomainError(errors.TRACKING_CODE_INVALID, details={"codes": list(CODES)})
    shipment = _locked(shipment_id)
    if shipment.status not in (SS.SHIPPED, SS.DELIVERED, SS.RECEIVED):
        raise DomainError(errors.NOT_SHIPPED)
    external_id = external_id or f"manual:{TrackingEvent.objects.filter(shipment=shipment).count() + 1}"
    step, created = TrackingEvent.objects.get_or_create(shipment=shipment, external_id=external_id, defaults={
        "code": code, "description": (description or CODES[code])[:200], "location": location[:100],
        "at": at or timezone.now(), "source": source})
    if created and code == "delivered" and shipment.status == SS.SHIPPED:
        shipment.delivered_at = step.at
        SHIPMENT_MACHINE.move(shipment, SS.DELIVERED, actor=actor, reason="快递签收",
             fields=["delivered_at"])
    return step if created else None


def poll_tracking(*, shipment_id: int) -> int:
    """Ask the shipment's carrier for news; append the new steps. Returns how many were new."""
    shipment = Shipment.objects.filter(pk=shipment_id).first()
    if shipment is None or shipment.status != SS.SHIPPED:
        return 0
    new = 0
    for step in carrier_for(shipment.carrier).fetch(shipment):
        if add_tracking(shipment_id=shipment.pk, code=step.code, description=step.description, actor="carrier",
                        location=step.location, at=step.at, external_id=step.external_id, source="carrier"):
            new += 1
    return new


def poll_all() -> int:
    """Beat (per merchant schema): poll every shipment in transit."""
    return sum(poll_tracking(shipment_id=pk) for pk in
               Shipment.objects.filter(status=SS.SHIPPED).exclude(carrier="").values_list("pk", flat=True)[:500])


@transaction.atomic
def confirm_received(*, order_id: int, actor: str) -> Shipment:
    """The tourist has the goods: the shipment is received and the order completed."""
    shipment = Shipment.objects.select_for_update().filter(order_id=order_id, kind=ShipmentKind.ORDER).first()
    if shipment is None:
        raise DomainError(errors.SHIPMENT_NOT_FOUND_NO_ORDER)
    if ReturnRequest.objects.filter(order_id=order_id, kind=RmaKind.RETURN, status__in=OPEN_RMA).exists():
        raise DomainError(errors.RMA_OPEN)
    shipment.received_at = timezone.now()
    SHIPMENT_MACHINE.move(shipment, SS.RECEIVED, actor=actor, reason="确认收货",
         fields=["received_at"])
    order = Order.objects.get(pk=order_id)
    if order.status in (OrderStatus.SHIPPED, OrderStatus.PARTIALLY_REFUNDED):
        orders.complete(order_id=order_id, actor=actor)
    return shipment


def auto_receive(*, now=None) -> int:
    """Beat: deliveries older than AUTO_RECEIVE_DAYS are confirmed for the tourist."""
    due = (now or timezone.now()) - timedelta(days=AUTO_RECEIVE_DAYS)
    done = 0
    for order_id in Shipment.objects.filter(status=SS.DELIVERED, kind=ShipmentKind.ORDER,
                                            delivered_at__lt=due).values_list("order_id", flat=True)[:500]:
        try:
            confirm_received(order_id=order_id, actor="system")
            done += 1
        except DomainError:
            continue
    return done


def shipment_row(s: Shipment) -> dict:
    return {"id": s.pk, "order_id": s.order_id, "order_no": s.order.order_no, "kind": s.kind, "rma_id": s.rma_id,
            "status": s.status, "status_display": s.get_status_display(), "lines": s.lines, "address": s.address,
            "carrier": s.carrier, "carrier_name": CARRIERS.get(s.carrier, ""), "tracking_no": s.tracking_no,
            "shipped_at": s.shipped_at, "delivered_at": s.delivered_at, "received_at": s.received_at,
            "tracking": [{"code": t.code, "description": t.description, "location": t.location, "at": t.at}
                         for t in s.tracking.all()]}
