"""Receivers of tenant-app signals (sent inside the order's transaction, in the merchant's schema),
so a notification commits or rolls back with the order."""

from . import services


def on_tickets_issued(sender, merchant, order, tickets, **kwargs):
    """EC-ORD-02: the paid order's message, naming the e-tickets when there are some."""
    services.notify_order_paid(merchant=merchant, order=order, tickets=tickets)
