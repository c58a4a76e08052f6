"""Catalog signals, sent INSIDE the write's transaction in the merchant's schema, so a
receiver's writes (the public marketplace listing index) commit or roll back with it."""

from django.dispatch import Signal

product_saved = Signal()  # kwargs: product; after a product, its prices or its package items changed
