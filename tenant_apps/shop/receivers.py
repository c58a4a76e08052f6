"""Order signal receivers (sent inside the order's transaction, in the merchant schema). Idempotent."""

from . import shipping


def on_order_paid(sender, order, **kwargs):
    shipping.create_for_order(order)


def on_order_refunded(sender, order, refund=None, **kwargs):
    shipping.adjust_for_refund(order)
