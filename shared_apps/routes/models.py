"""Routes (线路, DST-PRC-04 / DST-DIS-01) and product bundles (组合产品, DST-DIS-02), public schema.

A Route is a packaged itinerary of products of several merchants. Components reference a
merchant and a product id in that merchant's schema (never a tenant row), with a name
snapshot. A RouteBooking groups one distribution Booking per component (leg): the legs are
ordinary channel="distributor" orders in the merchants' schemas, reserved, paid and
cancelled together in one database transaction.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from shared_apps.core.models import StatusEvent


class RouteKind(models.TextChoices):
    ROUTE = "route", "线路"
    BUNDLE = "bundle", "组合产品"


class RouteStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已下架"


class Route(models.Model):
    kind = models.CharField(max_length=8, choices=RouteKind.choices, default=RouteKind.ROUTE)
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    days = models.PositiveSmallIntegerField(default=1)  # itinerary length; bundles are 1
    status = models.CharField(max_length=12, choices=RouteStatus.choices, default=RouteStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(days__gte=1) & Q(days__lte=30), name="route_days_valid")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class RouteComponent(models.Model):
    """One product of one merchant in a route: `quantity` units per person, on day
    `day_offset` of the itinerary (0 = the start day), `nights` for rooms."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(default=0)
    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="+")
    product_id = models.BigIntegerField()
    product_name = models.CharField(max_length=100)
    product_kind = models.CharField(max_length=16)
    inventory_mode = models.CharField(max_length=16)
    day_offset = models.PositiveSmallIntegerField(default=0)
    nights = models.PositiveSmallIntegerField(default=1)
    quantity = models.PositiveSmallIntegerField(default=1)
    session = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["route", "merchant", "product_id", "day_offset", "session"],
                                    name="route_component_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1) & Q(nights__gte=1), name="route_component_valid"),
        ]

    @property
    def dated(self) -> bool:
        return self.inventory_mode == "dated"


class RouteBookingStatus(models.TextChoices):
    ON_HOLD = "on_hold", "已占位待确认"
    CONFIRMED = "confirmed", "已确认"
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "已过期"


class RouteBooking(models.Model):
    """A distributor's booking of a route: one distribution Booking per leg, all or nothing."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="bookings")
    route_name = models.CharField(max_length=100)
    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.PROTECT, related_name="route_bookings")
    api_key = models.ForeignKey("accounts.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    start_day = models.DateField(null=True, blank=True)
    persons = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=RouteBookingStatus.choices, default=RouteBookingStatus.ON_HOLD)
    net_fen = models.BigIntegerField()
    retail_fen = models.BigIntegerField()
    contact_name = models.CharField(max_length=50, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    reseller_reference = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(net_fen__gte=0) & Q(persons__gte=1),
                                              name="route_booking_valid")]
        indexes = [models.Index(fields=["distributor", "-created_at"])]

    @property
    def commission_fen(self) -> int:
        return max(0, self.retail_fen - self.net_fen)


class RouteLeg(models.Model):
    route_booking = models.ForeignKey(RouteBooking, on_delete=models.CASCADE, related_name="legs")
    position = models.PositiveSmallIntegerField()
    component = models.ForeignKey(RouteComponent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    booking = models.OneToOneField("distribution.Booking", on_delete=models.PROTECT, related_name="route_leg")

    class Meta:
        ordering = ["position", "id"]


class RouteEvent(StatusEvent):
    """One row per status change of a route or a route booking: who, when, from, to, why."""

    subject = models.CharField(max_length=16)  # route | booking
    subject_id = models.BigIntegerField()
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subject", "subject_id"])]
