"""Celery beat (thin): expire route holds past their deadline (all legs released together)."""

from celery import shared_task
from django_tenants.utils import schema_context

from .services import bookings


@shared_task
def routes_sweep() -> dict:
    with schema_context("public"):
        return {"expired": bookings.expire_due()}
