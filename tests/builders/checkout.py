"""Buying through the real checkout and payment, and what happens to the orders afterwards."""

import secrets

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout
from shared_apps.ledger import services as ledger
from shared_apps.payments import refund_approval
from shared_apps.payments import services as payments
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order, RefundRequest
from tenants.utils import in_tenant

from .catalog import room, ticket
from .dates import day


def item(merchant, product, quantity=1, **kw) -> checkout.Item:
    return checkout.Item(merchant.schema_name, product.pk, quantity, **kw)


def fund_wallet(user, fen: int) -> None:
    """Credit a tourist's wallet as a settled gateway top-up would."""
    ledger.post(kind="topup", ref=f"test:{secrets.token_hex(6)}", lines=[("gateway_clearing:wechat", fen),
                                                                          (f"wallet:{user.pk}", -fen)])


def fund_merchant(merchant, fen: int) -> None:
    """Give `merchant` a bank account and `fen` of released (withdrawable) balance."""
    merchant.bank_account_no = "6222000011112222"
    merchant.save(update_fields=["bank_account_no"])
    ledger.post(kind="release", ref=f"test:{secrets.token_hex(6)}",
                lines=[(f"merchant_payable:{merchant.schema_name}", fen),
                       (f"merchant_available:{merchant.schema_name}", -fen)])


def pay(checkout_obj):
    """Pay a checkout the real way (wallet tender through a payment intent)."""
    fund_wallet(checkout_obj.user, checkout_obj.total_fen)
    return payments.create_intent(user=checkout_obj.user, method="wallet", checkout_id=checkout_obj.pk)


def buy(user, merchant, product, quantity=1, *, offset=3, travellers=(), extra=(), **kw) -> Checkout:
    """Check out `quantity` of `product` for day(offset) (plus the `extra` items) and pay; returns
    the paid checkout."""
    items = [item(merchant, product, quantity, day=day(offset)), *extra]
    co = checkout.place_checkout(user=user, items=items, traveller_ids=list(travellers), **kw)
    pay(co)
    co.refresh_from_db()
    return co


def paid_order(user, merchant, items, **kw) -> Order:
    """Place one checkout for `items` (checkout.Item) and pay it with the wallet; return the order."""
    co = checkout.place_checkout(user=user, items=items, **kw)
    pay(co)
    return order_of(merchant, co)


def order_of(merchant, checkout_obj) -> Order:
    """The order of `merchant` in a checkout (lines prefetched)."""
    with in_tenant(merchant):
        return Order.objects.prefetch_related("lines").get(checkout_id=checkout_obj.pk)


def order_status(merchant, order_id: int) -> str:
    with in_tenant(merchant):
        return Order.objects.get(pk=order_id).status


def refund(merchant, order_id: int, *, quantity: int | None = None, lines=None, actor: str = "t",
           approver: str | None = None) -> RefundRequest:
    """Ask for a refund and approve it (as `<schema>_owner` unless `approver` is given): of
    `quantity` units of the order's first line, of `lines` ([{"line_id", "quantity"}]), or of
    everything when neither is given."""
    with in_tenant(merchant):
        if quantity is not None:
            line = Order.objects.get(pk=order_id).lines.order_by("id")[0]
            lines = [{"line_id": line.pk, "quantity": quantity}]
        asked = orders.request_refund(order_id=order_id, actor=actor, lines=lines)
        refund_approval.decide_refund(refund_id=asked.pk, approve=True,
                                      actor=approver or f"{merchant.schema_name}_owner")
        return asked


def fulfil(merchant, order_id: int, actor: str = "alpha_clerk") -> None:
    """Mark an order used at the venue."""
    with in_tenant(merchant):
        orders.fulfil(order_id=order_id, actor=actor, how="used")


def two_merchant_checkout(merchants, user, tickets: int = 2) -> Checkout:
    """An unpaid checkout of `tickets` alpha tickets (100 yuan each) and one beta room night
    (300 yuan), both on day(3)."""
    alpha, beta = merchants["alpha"], merchants["beta"]
    t, r = ticket(alpha, price=10000), room(beta, price=30000)
    return checkout.place_checkout(user=user, items=[item(alpha, t, tickets, day=day(3)),
                                                     item(beta, r, 1, day=day(3))])
