"""Order hooks (sent inside the order's transaction, in the merchant's schema): referral
commission accrues on a paid tourist order and is clawed back on its refunds. Distributor
(channel) orders are distribution's bookings, not referrals."""

from django.db import connection
from django.dispatch import receiver

from tenant_apps.orders.signals import order_paid, order_refunded

from .services import commission


@receiver(order_paid, dispatch_uid="referrals_order_paid")
def accrue_referral_commission(sender, order, **kwargs):
    commission.on_order_paid(schema=connection.schema_name, order=order)


@receiver(order_refunded, dispatch_uid="referrals_order_refunded")
def claw_back_referral_commission(sender, order, refund, **kwargs):
    if order.channel != "distributor":
        commission.on_order_refunded(schema=connection.schema_name, order=order, refund=refund)
