"""Refund approval with the money: the orchestrator above the tenant apps (ARCHITECTURE "Layers").

`tenant_apps.orders` only changes order and refund state (`decide_refund`) and
`tenant_apps.shop.returns` only the return's; neither knows payments. The merchant's approval
views (and the distributor cancel) call these functions, which run the state change and then
send the money back through `refunds.refund_order`, in ONE transaction: a payment error
rolls the approval back.
"""

from django.db import connection, transaction

from tenant_apps.orders import services as orders
from tenant_apps.orders.models import RefundRequest, RefundStatus
from tenant_apps.shop import returns
from tenant_apps.shop.models import ReturnRequest

from .models import Refund
from .refunds import refund_order


def pay_back(*, refund: RefundRequest) -> list[Refund]:
    """Send an approved refund request's money back (caller's transaction, merchant schema).
    Orders not paid through the platform (no checkout: 到付, distributor deposit) move nothing here."""
    order = refund.order
    if refund.status != RefundStatus.APPROVED or not order.checkout_id:
        return []
    return refund_order(merchant=connection.tenant, checkout_id=order.checkout_id, order_no=order.order_no,
                        amount_fen=refund.amount_fen, source_ref=f"{connection.schema_name}:refund:{refund.pk}")


@transaction.atomic
def decide_refund(*, refund_id: int, approve: bool, actor: str, note: str = "") -> RefundRequest:
    """The merchant approves or rejects a refund request; an approval sends the money back."""
    refund = orders.decide_refund(refund_id=refund_id, approve=approve, actor=actor, note=note)
    pay_back(refund=refund)
    return refund


@transaction.atomic
def refund_return(*, rma_id: int, actor: str, restock: bool = False) -> ReturnRequest:
    """Refund a received return (shop.returns.refund) and send its money back."""
    rma = returns.refund(rma_id=rma_id, actor=actor, restock=restock)
    pay_back(refund=rma.refund)
    return rma
