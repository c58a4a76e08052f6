"""Order signal receivers. They run INSIDE the order's transaction, in the merchant's schema,
so tickets (and the tourist's notification) commit or roll back with the order. Idempotent."""

from django.dispatch import receiver

from tenant_apps.orders.models import Order
from tenant_apps.orders.signals import order_paid, order_refunded

from . import services
from .signals import tickets_issued


@receiver(order_paid, sender=Order, dispatch_uid="tickets.issue_on_paid")
def issue_on_paid(sender, order, **kwargs):
    issued = services.issue_for_order(order=order)
    tickets_issued.send(sender=Order, merchant=services.current_merchant(), order=order, tickets=issued)


@receiver(order_refunded, sender=Order, dispatch_uid="tickets.apply_refund")
def refund_persons(sender, order, refund, **kwargs):
    services.apply_refund(order=order, refund=refund)
