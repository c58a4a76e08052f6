"""Receivers of the signals of the apps below fulfilment (tenant apps: inside the order's
transaction, in the merchant's schema; settlement), so fulfilment's writes follow theirs."""

from . import services


def on_tickets_issued(sender, merchant, order, tickets, **kwargs):
    """EC-ORD-02: the paid order's message, naming the e-tickets when there are some."""
    services.notify_order_paid(merchant=merchant, order=order, tickets=tickets)


def on_shares_released(sender, released, **kwargs):
    """Joint-ticket venue shares follow their issuer's settlement release."""
    services.release_joint_shares()


def on_login_locked(sender, user, seconds, ip, **kwargs):
    """OPS-ACC-08: tell the account that its login was locked after repeated failures."""
    services.notify_login_locked(user=user, seconds=seconds, ip=ip)
