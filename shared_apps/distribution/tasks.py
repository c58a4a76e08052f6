"""Celery tasks (thin): webhook delivery with exponential backoff, and the beat sweeps."""

from celery import shared_task
from django_tenants.utils import schema_context

from .models import DeliveryStatus
from .services import bookings, webhooks


@shared_task(bind=True, max_retries=None)
def deliver_webhook_task(self, delivery_id: int) -> str:
    with schema_context("public"):
        delivery = webhooks.attempt(delivery_id)
    if delivery.status == DeliveryStatus.PENDING:
        raise self.retry(countdown=webhooks.backoff_seconds(delivery.attempts))
    return delivery.status


@shared_task
def distribution_sweep() -> dict:
    """Every minute: expire unconfirmed holds, note redemptions (webhooks), retry due webhooks.
    Daily work (T+N merchant release) is cheap enough to run here too. Referral commission is
    released by shared_apps.referrals.tasks.referrals_sweep."""
    with schema_context("public"):
        return {"expired": bookings.expire_due(), "redeemed": bookings.sweep_redemptions(),
                "released": bookings.release_due(),
                "webhooks": webhooks.retry_due()}
