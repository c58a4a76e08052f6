"""Public side of fulfilment: the joint-ticket (联票) registry with per-venue redemptions and
revenue shares, and the tourist's notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class JointTicket(models.Model):
    """A ticket product of `issuer` (product_id in the issuer's schema) that is valid at
    several scenic merchants (venues), its revenue split by the venues' weights as they
    redeem it. Sold tickets keep the venues and weights they were issued with."""

    issuer = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="joint_tickets")
    product_id = models.BigIntegerField()
    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["issuer", "product_id"], name="one_joint_per_product")]

    def snapshot(self) -> dict:
        return {v.venue.schema_name: v.weight for v in self.venues.select_related("venue").order_by("venue_id")}


class JointVenue(models.Model):
    joint = models.ForeignKey(JointTicket, on_delete=models.CASCADE, related_name="venues")
    venue = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="joint_venues")
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["venue_id"]
        constraints = [
            models.UniqueConstraint(fields=["joint", "venue"], name="one_weight_per_venue"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="joint_weight_positive"),
        ]


class JointRedemption(models.Model):
    """A joint ticket entering one venue: each venue once per ticket. `share_fen` is what moved
    from the issuer's payable to the venue's (0 when the venue is the issuer). While the
    issuer's settlement item is not yet released the share sits in payable accounts and
    `released_at` is empty; services.release_joint_shares() moves it on with the issuer's."""

    joint = models.ForeignKey(JointTicket, on_delete=models.PROTECT, related_name="redemptions")
    ticket_code = models.CharField(max_length=24)
    order_no = models.CharField(max_length=32)
    venue = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="joint_redemptions")
    persons = models.PositiveIntegerField()
    share_fen = models.BigIntegerField(default=0)
    released_at = models.DateTimeField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["joint", "ticket_code", "venue"], name="joint_venue_once_per_ticket"),
            models.CheckConstraint(condition=Q(persons__gte=1), name="joint_redemption_persons_positive"),
            models.CheckConstraint(condition=Q(share_fen__gte=0), name="joint_share_non_negative"),
        ]


class Notification(models.Model):
    """A message to a tourist (EC-ORD-02 order notifications, EC-ORD-08 reminders).
    `dedupe_key` makes producers idempotent: one notification per (user, key)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=100)
    body = models.CharField(max_length=500, blank=True)
    link = models.CharField(max_length=200, blank=True)
    dedupe_key = models.CharField(max_length=120, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "-id"], name="notification_user_newest")]
        constraints = [models.UniqueConstraint(fields=["user", "dedupe_key"], condition=~Q(dedupe_key=""),
                                               name="notification_once_per_key")]
