"""Celery beat (thin): expire route holds past their deadline (all legs released together)."""

from celery import shared_task
from django_tenants.utils import schema_context


@shared_task
def routes_sweep() -> dict:
    from .services import bookings

    with schema_context("public"):
        return {"expired": bookings.expire_due()}
