"""Order hooks (sent inside the order's transaction, in the merchant's schema). Referral
commission on tourist orders is shared_apps.referrals.signals."""

from django.db import connection
from django.dispatch import receiver

from tenant_apps.orders.signals import order_refunded

from .services import bookings


@receiver(order_refunded, dispatch_uid="distribution_order_refunded")
def refund_distribution_money(sender, order, refund, **kwargs):
    if order.channel == "distributor":
        bookings.on_order_refunded(schema=connection.schema_name, order=order, refund=refund)
