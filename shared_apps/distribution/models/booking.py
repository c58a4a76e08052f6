"""Distributor bookings made through the OCTO-style API, and signed webhook deliveries."""

import uuid

from django.db import models
from django.db.models import F, Q


class BookingStatus(models.TextChoices):
    ON_HOLD = "on_hold", "已占位待确认"
    CONFIRMED = "confirmed", "已确认"
    REDEEMED = "redeemed", "已核销"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "已过期"


class Booking(models.Model):
    """One distributor booking = one channel="distributor" order in the merchant's schema.

    Money (net rate model): the distributor pays `net_fen` (catalog distributor price x units)
    from its deposit / credit line at confirmation; the platform keeps `platform_fee_fen`; the
    merchant's share is released T+N like tourist payments. `retail_fen` is the tourist price of
    the same units, so `commission_fen` = retail - net is the distributor's margin.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.PROTECT, related_name="bookings")
    api_key = models.ForeignKey("accounts.ApiKey", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="distributor_bookings")
    order_id = models.BigIntegerField()
    order_no = models.CharField(max_length=32)
    product_id = models.BigIntegerField()
    product_name = models.CharField(max_length=100)
    day = models.DateField(null=True, blank=True)
    session = models.CharField(max_length=32, blank=True)
    nights = models.PositiveSmallIntegerField(default=1)
    units = models.PositiveIntegerField()
    travellers = models.JSONField(default=list, blank=True)
    contact_name = models.CharField(max_length=50, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    reseller_reference = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=BookingStatus.choices, default=BookingStatus.ON_HOLD)
    net_fen = models.BigIntegerField()
    # The merchant discount policy that priced the units (None: the catalog distributor price).
    discount_policy = models.ForeignKey("distribution.DiscountPolicy", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="bookings")
    retail_fen = models.BigIntegerField()
    platform_fee_fen = models.BigIntegerField(default=0)
    refunded_fen = models.BigIntegerField(default=0)
    refunded_fee_fen = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    available_at = models.DateTimeField(null=True, blank=True, db_index=True)  # merchant share, T+N
    released_at = models.DateTimeField(null=True, blank=True)
    redeemed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "order_id"], name="one_booking_per_order"),
            models.CheckConstraint(condition=Q(net_fen__gte=0) & Q(units__gte=1), name="booking_amounts_valid"),
            models.CheckConstraint(condition=Q(refunded_fen__gte=0) & Q(refunded_fen__lte=F("net_fen")),
                                   name="booking_refund_within_net"),
            models.CheckConstraint(condition=Q(platform_fee_fen__gte=0) & Q(platform_fee_fen__lte=F("net_fen")),
                                   name="booking_fee_within_net"),
            models.CheckConstraint(condition=Q(refunded_fee_fen__gte=0)
                                   & Q(refunded_fee_fen__lte=F("platform_fee_fen")),
                                   name="booking_fee_refund_within_fee"),
        ]
        indexes = [models.Index(fields=["distributor", "-created_at"])]

    @property
    def commission_fen(self) -> int:
        return max(0, self.retail_fen - self.net_fen)

    @property
    def merchant_share_fen(self) -> int:
        return self.net_fen - self.platform_fee_fen - (self.refunded_fen - self.refunded_fee_fen)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待推送"
    DELIVERED = "delivered", "已送达"
    FAILED = "failed", "已放弃"


class WebhookDelivery(models.Model):
    """One event pushed to a distributor's webhook URL, signed with HMAC-SHA256. (event_type, ref)
    is unique, so an event is created once however often the sweep sees it; `event_id` lets the
    receiver de-duplicate retries."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="webhooks")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(max_length=40)
    ref = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["event_type", "ref"], name="webhook_event_once")]
