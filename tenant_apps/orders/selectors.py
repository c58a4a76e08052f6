from . import aftersale
from .models import Order


def order_detail(order: Order) -> dict:
    return {
        "order_no": order.order_no, "status": order.status, "status_display": order.get_status_display(),
        "channel": order.channel, "total_fen": order.total_fen, "refunded_fen": order.refunded_fen,
        "pay_at_merchant": order.pay_at_merchant,
        "discount_fen": order.discount_fen, "coupon_code": order.coupon_code, "completed_at": order.completed_at,
        "return_deadline": aftersale.return_deadline(order) if order.completed_at else None,
        "checkout_id": order.checkout_id, "contact_name": order.contact_name, "contact_phone": order.contact_phone,
        "travellers": order.travellers, "address": order.address, "note": order.note,
        "created_at": order.created_at, "paid_at": order.paid_at, "expires_at": order.expires_at,
        "lines": [{"id": ln.id, "product_id": ln.product_id, "product_name": ln.product_name, "kind": ln.kind,
                   "day": ln.day, "session": ln.session, "nights": ln.nights, "quantity": ln.quantity,
                   "unit_price_fen": ln.unit_price_fen, "amount_fen": ln.amount_fen,
                   "discount_fen": ln.discount_fen, "refunded_qty": ln.refunded_qty} for ln in order.lines.all()],
        "events": [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "reason": e.reason,
                    "amount_fen": e.amount_fen, "at": e.at} for e in order.events.all()],
        "refunds": [{"id": r.id, "status": r.status, "amount_fen": r.amount_fen, "lines": r.lines,
                     "reason": r.reason, "decision_note": r.decision_note} for r in order.refunds.all()],
    }


def order_for_user(*, order_no: str, user_id: int) -> Order | None:
    return Order.objects.filter(order_no=order_no, user_id=user_id).prefetch_related(
        "lines", "events", "refunds").first()
