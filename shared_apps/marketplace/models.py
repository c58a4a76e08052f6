"""The marketplace listing index (public schema): one row per merchant product.

The index is a denormalised copy kept in step by the catalog services (same transaction);
the merchant schema stays the source of truth for product details and prices.
"""

from django.db import models


class Listing(models.Model):
    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.CASCADE, related_name="listings")
    product_id = models.BigIntegerField()
    kind = models.CharField(max_length=16)
    name = models.CharField(max_length=100)
    subtitle = models.CharField(max_length=200, blank=True)
    merchant_kind = models.CharField(max_length=16)
    merchant_name = models.CharField(max_length=100)
    min_price_fen = models.BigIntegerField()  # tourist price on the day of the last update
    on_shelf = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["merchant", "product_id"], name="uniq_listing_product")]
        indexes = [models.Index(fields=["kind", "on_shelf"], name="market_listing_kind_shelf")]

    def __str__(self):
        return f"{self.merchant_name} · {self.name}"
