"""Promotions in the merchant's schema (tenant core, under orders): merchant coupons (EC-FNB-11,
EC-SHP-07) and bundle offers (EC-SHP-06).

Promotions know neither orders nor the verticals: a redeemed coupon records its target as the
plain id of a dining bill or of an order. The tables keep their first names (`dining_coupon`,
`shop_bundleoffer`) and the foreign-key constraints the database already has on `bill_id` and
`order_id` (dining migrations 0001/0002): the models moved by state only (promotions 0001).
Money is integer fen.
"""

from django.db import models
from django.db.models import Q


class CouponStatus(models.TextChoices):
    ACTIVE = "active", "未使用"
    REDEEMED = "redeemed", "已核销"
    VOID = "void", "已作废"


class Coupon(models.Model):
    """A merchant-issued code worth `amount_fen` on a bill or an online order (EC-SHP-07) of at
    least `threshold_fen`; single use (tenant_apps.promotions.coupons)."""

    code = models.CharField(max_length=20, unique=True)
    amount_fen = models.BigIntegerField()
    threshold_fen = models.BigIntegerField(default=0)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=CouponStatus.choices, default=CouponStatus.ACTIVE)
    bill_id = models.BigIntegerField(null=True, blank=True, db_index=True)  # dining.Bill it was redeemed on
    order_id = models.BigIntegerField(null=True, blank=True, db_index=True)  # orders.Order it was claimed for
    discount_fen = models.BigIntegerField(default=0)  # what it actually took off
    redeemed_at = models.DateTimeField(null=True, blank=True)
    redeemed_by = models.CharField(max_length=150, blank=True)
    batch = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "dining_coupon"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0) & Q(threshold_fen__gte=0), name="coupon_amounts"),
            models.CheckConstraint(condition=~Q(status="redeemed") | Q(bill_id__isnull=False, order_id__isnull=True)
                                   | Q(bill_id__isnull=True, order_id__isnull=False),
                                   name="coupon_redeemed_has_target"),
        ]


class BundleOffer(models.Model):
    """Buy `min_quantity` units from `products` (any mix) and get `discount_fen` off, repeatedly (EC-SHP-06)."""

    name = models.CharField(max_length=100)
    products = models.ManyToManyField("catalog.Product", related_name="bundle_offers")
    min_quantity = models.PositiveSmallIntegerField()
    discount_fen = models.BigIntegerField()
    is_active = models.BooleanField(default=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "shop_bundleoffer"
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(min_quantity__gte=2) & Q(discount_fen__gt=0),
                                              name="bundle_offer_valid")]
