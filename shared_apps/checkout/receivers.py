"""Receivers of tenant_apps.orders signals (sent inside the order's transaction, in the merchant's
schema), so checkout's read models commit or roll back with the order."""

from django.db import connection

from . import services


def on_order_saved(sender, order, **kwargs):
    """Keep the public order index (OrderIndex) in step with the merchant's order."""
    services.index_order(merchant=connection.tenant, order=order)
