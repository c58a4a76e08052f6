"""Celery beat (thin): note redemptions and release referral commission past the refund window."""

from celery import shared_task
from django_tenants.utils import schema_context

from .services import commission


@shared_task
def referrals_sweep() -> dict:
    """Every minute: release the referral commission whose orders are used/completed and past the window."""
    with schema_context("public"):
        return {"commission": commission.sweep()}
