"""Order hooks (sent inside the order's transaction, in the merchant's schema)."""

from django.db import connection
from django.dispatch import receiver

from tenant_apps.orders.signals import order_paid, order_refunded


@receiver(order_paid, dispatch_uid="distribution_order_paid")
def accrue_referral_commission(sender, order, **kwargs):
    from .services import referrals

    referrals.on_order_paid(schema=connection.schema_name, order=order)


@receiver(order_refunded, dispatch_uid="distribution_order_refunded")
def refund_distribution_money(sender, order, refund, **kwargs):
    from .services import bookings, referrals

    if order.channel == "distributor":
        bookings.on_order_refunded(schema=connection.schema_name, order=order, refund=refund)
    else:
        referrals.on_order_refunded(schema=connection.schema_name, order=order, refund=refund)
