"""Receivers of tenant_apps.catalog signals (inside the catalog write's transaction)."""

from django.db import connection

from . import services


def on_product_saved(sender, product, **kwargs):
    """Keep the public listing index in step with the merchant's product."""
    services.upsert_listing(merchant=connection.tenant, product=product)
