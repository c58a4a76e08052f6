"""Merchant discount policies for distributors (DST-DIS-03): per contract (one distributor) or
per distributor level, optional product scope, percent off or a fixed net price, validity
dates, weekdays and group tiers. Priced by services/pricing.py (the one pricing function)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class DiscountMode(models.TextChoices):
    PERCENT = "percent", "折扣（按渠道价百分比优惠）"
    FIXED = "fixed", "固定结算价"


def _value_checks(prefix: str) -> list:
    """percent XOR fixed, each within range (shared by policies and their tiers)."""
    percent = Q(percent_off__isnull=False, net_price_fen__isnull=True, percent_off__gte=0, percent_off__lte=100)
    fixed = Q(net_price_fen__isnull=False, percent_off__isnull=True, net_price_fen__gte=0)
    return [models.CheckConstraint(condition=percent | fixed, name=f"{prefix}_value_valid")]


class DiscountPolicy(models.Model):
    """One merchant-defined distributor price rule. Targets exactly one of `contract` (that
    distributor) or `level` (every authorised distributor at that level). `weekdays` is a bit
    set (bit 0 = Monday … bit 6 = Sunday; 0 = every day). For rooms a fixed net price is per night."""

    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.CASCADE, related_name="distributor_discounts")
    name = models.CharField(max_length=50)
    contract = models.ForeignKey("distribution.DistributorContract", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="discounts")
    level = models.ForeignKey("distribution.DistributorLevel", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="discounts")
    product_ids = models.JSONField(default=list, blank=True)  # empty: every product the contract allows
    mode = models.CharField(max_length=8, choices=DiscountMode.choices)
    percent_off = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    net_price_fen = models.BigIntegerField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    weekdays = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["merchant", "is_active"])]
        constraints = [
            models.CheckConstraint(condition=Q(contract__isnull=False, level__isnull=True)
                                   | Q(contract__isnull=True, level__isnull=False), name="discount_one_target"),
            models.CheckConstraint(condition=Q(mode="percent", percent_off__isnull=False)
                                   | Q(mode="fixed", net_price_fen__isnull=False), name="discount_mode_value"),
            *_value_checks("discount"),
            models.CheckConstraint(condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True)
                                   | Q(valid_from__lte=F("valid_until")), name="discount_dates_ordered"),
            models.CheckConstraint(condition=Q(weekdays__lte=127), name="discount_weekdays_range"),
        ]


class DiscountTier(models.Model):
    """Group rate (团队价): from `min_units` units in one booking, this value replaces the policy's."""

    policy = models.ForeignKey(DiscountPolicy, on_delete=models.CASCADE, related_name="tiers")
    min_units = models.PositiveIntegerField()
    percent_off = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    net_price_fen = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["min_units"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "min_units"], name="uniq_discount_tier"),
            models.CheckConstraint(condition=Q(min_units__gte=2), name="discount_tier_min_units"),
            *_value_checks("discount_tier"),
        ]
