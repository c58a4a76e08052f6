"""Receivers of the signals of the apps below fulfilment (tenant apps: inside the order's
transaction, in the merchant's schema; settlement), so fulfilment's writes follow theirs."""

from . import services


def on_tickets_issued(sender, merchant, order, tickets, **kwargs):
    """EC-ORD-02: the paid order's message, naming the e-tickets when there are some."""
    services.notify_order_paid(merchant=merchant, order=order, tickets=tickets)


def on_shares_released(sender, released, **kwargs):
    """Joint-ticket venue shares follow their issuer's settlement release."""
    services.release_joint_shares()
