"""Receivers of the signals of the apps below checkout, sent inside their transactions, so
checkout's writes commit or roll back with them: tenant_apps.orders (in the merchant's schema)
and shared_apps.payments."""

from django.db import connection
from django.utils import timezone

from shared_apps.checkout import errors
from shared_apps.core.failures import DomainError
from shared_apps.payments.models import Purpose

from . import services
from .models import Checkout, CheckoutStatus


def on_order_saved(sender, order, **kwargs):
    """Keep the public order index (OrderIndex) in step with the merchant's order."""
    services.index_order(merchant=connection.tenant, order=order)


def on_checkout_payable(sender, user, checkout_id, **kwargs) -> int:
    """Answer payments: lock the tourist's checkout and say what is due, if it awaits payment."""
    checkout = Checkout.objects.select_for_update().filter(pk=checkout_id, user=user).first()
    if checkout is None:
        raise DomainError(errors.NOT_FOUND_CHECKOUT)
    if checkout.total_fen == 0 and checkout.status in (CheckoutStatus.PAID, CheckoutStatus.PENDING_PAYMENT):
        raise DomainError(errors.NOTHING_TO_PAY_FREE_CHECKOUT)  # place_checkout confirmed it without a payment
    if checkout.status != CheckoutStatus.PENDING_PAYMENT or checkout.expires_at <= timezone.now():
        raise DomainError(errors.CHECKOUT_CLOSED)
    return checkout.total_fen


def on_intent_succeeded(sender, intent, **kwargs):
    """A checkout's payment succeeded: its orders become paid."""
    if intent.purpose == Purpose.CHECKOUT:
        services.mark_paid(checkout_id=intent.checkout_id, actor=f"payment:{intent.pk}")
