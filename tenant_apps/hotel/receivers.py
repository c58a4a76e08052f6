"""Order signal receivers (sent inside the order's transaction, in the merchant schema). Idempotent."""

from . import payatdesk, services


def on_order_paid(sender, order, **kwargs):
    services.create_stays_for_order(order)


def on_order_confirmed(sender, order, **kwargs):
    services.create_stays_for_order(order)
    payatdesk.on_order_confirmed(order)  # 到付: the room price on the stays' folios


def on_order_cancelled(sender, order, no_show=False, **kwargs):
    payatdesk.on_order_cancelled(order, no_show=no_show)


def on_order_refunded(sender, order, refund=None, **kwargs):
    services.cancel_refunded_stays(order)


def on_folio_paid(sender, folio, **kwargs):
    payatdesk.post_commission_if_paid(folio)
