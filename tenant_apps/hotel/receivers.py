"""Order signal receivers (sent inside the order's transaction, in the merchant schema). Idempotent."""

from . import services


def on_order_paid(sender, order, **kwargs):
    services.create_stays_for_order(order)


def on_order_refunded(sender, order, refund=None, **kwargs):
    services.cancel_refunded_stays(order)
