"""E-tickets, redemptions, the merchant's QR signing keys and tour routes (merchant schema).

A Ticket is issued per paid order line of kind ticket (and per ticket component of a
package line). Its status only moves through services.TRANSITIONS, each move (and each
redemption or refund) writes a TicketEvent.
"""

import secrets
from pathlib import PurePath

from django.db import connection, models
from django.db.models import F, Q

from shared_apps.core.models import StatusEvent


class TicketStatus(models.TextChoices):
    VALID = "valid", "待使用"
    PARTIALLY_USED = "partially_used", "部分使用"
    USED = "used", "已使用"
    REFUNDED = "refunded", "已退款"
    EXPIRED = "expired", "已过期"


class Ticket(models.Model):
    code = models.CharField(max_length=24, unique=True)
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="tickets")
    line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="tickets")
    order_no = models.CharField(max_length=32, db_index=True)
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)  # public user (no FK across schemas)
    product_id = models.BigIntegerField()  # the ticket product (a package's component for package lines)
    product_name = models.CharField(max_length=100)
    day = models.DateField(db_index=True)  # first day of validity (the visit date)
    valid_until = models.DateField()  # last day of validity (day + valid_days - 1)
    session = models.CharField(max_length=32, blank=True)
    per_unit = models.PositiveIntegerField(default=1)  # persons per ordered unit
    persons = models.PositiveIntegerField()
    used_persons = models.PositiveIntegerField(default=0)
    refunded_persons = models.PositiveIntegerField(default=0)
    amount_fen = models.BigIntegerField(default=0)  # this ticket's part of what was paid
    status = models.CharField(max_length=16, choices=TicketStatus.choices, default=TicketStatus.VALID)
    holders = models.JSONField(default=list, blank=True)  # traveller names at order time
    joint_id = models.BigIntegerField(null=True, blank=True)  # public fulfilment.JointTicket
    joint_venues = models.JSONField(default=dict, blank=True)  # snapshot {venue schema: weight}
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["line", "product_id"], name="one_ticket_per_line_component"),
            models.CheckConstraint(condition=Q(persons__gte=1), name="ticket_persons_positive"),
            models.CheckConstraint(condition=Q(used_persons__gte=0) & Q(refunded_persons__gte=0)
                                   & Q(used_persons__lte=F("persons"))
                                   & Q(refunded_persons__lte=F("persons") - F("used_persons")),
                                   name="ticket_persons_within_total"),
            models.CheckConstraint(condition=Q(valid_until__gte=F("day")), name="ticket_validity_ordered"),
            models.CheckConstraint(condition=Q(status__in=TicketStatus.values), name="ticket_status_valid"),
        ]

    @property
    def usable_persons(self) -> int:
        """Persons not refunded (for a joint ticket: who may enter each venue)."""
        return self.persons - self.refunded_persons

    @property
    def remaining_persons(self) -> int:
        """Persons that may still be redeemed (single-venue tickets)."""
        return self.persons - self.used_persons - self.refunded_persons

    @property
    def is_joint(self) -> bool:
        return bool(self.joint_id)


class EventKind(models.TextChoices):
    ISSUE = "issue", "出票"
    REDEEM = "redeem", "核销"
    REFUND = "refund", "退款"
    EXPIRE = "expire", "过期"


class TicketEvent(StatusEvent):
    """Who, when, from, to, why; `persons` redeemed or refunded; `ref` makes receivers idempotent."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    persons = models.PositiveIntegerField(default=0)
    venue = models.CharField(max_length=63, blank=True)  # schema where it was redeemed
    ref = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["ticket", "ref"], condition=~Q(ref=""),
                                               name="ticket_event_ref_once")]


class Redemption(models.Model):
    """One successful scan at THIS merchant (the venue). `scan_id` de-duplicates retries: the
    same scan returns the stored `result`. A joint ticket issued by another merchant has no
    local `ticket` (it lives in the issuer's schema): `issuer` + `ticket_code` name it."""

    scan_id = models.UUIDField(unique=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="redemptions")
    ticket_code = models.CharField(max_length=24, db_index=True)
    issuer = models.CharField(max_length=63)
    product_name = models.CharField(max_length=100, blank=True)
    persons = models.PositiveIntegerField()
    joint = models.BooleanField(default=False)
    device = models.CharField(max_length=100, blank=True)
    actor = models.CharField(max_length=150, blank=True)
    result = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(persons__gte=1), name="redemption_persons_positive")]


class MerchantKey(models.Model):
    """An Ed25519 key pair signing this merchant's ticket QR codes. The newest active key
    signs; retired keys stay published so QR codes already shown keep verifying."""

    kid = models.CharField(max_length=16, unique=True)
    private_key = models.BinaryField()  # wrapped with AES-GCM (keywrap.py), never stored raw
    public_key = models.BinaryField()  # raw 32 bytes
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["active"], condition=Q(active=True),
                                               name="one_active_ticket_key")]


def route_media_path(instance, filename: str) -> str:
    """MEDIA_ROOT/<schema>/routes/<random>.<ext>: the schema comes from the connection, never
    from the client, and the client's file name is not used beyond its extension."""
    schema = connection.schema_name
    if not schema or schema == "public":
        raise ValueError("route media can only be stored inside a merchant schema")
    ext = PurePath(filename).suffix.lower()[:8]
    return f"{schema}/routes/{secrets.token_hex(12)}{ext}"


class Route(models.Model):
    """A tour route (EC-TKT-02) with ordered stops carrying guide text, image and audio."""

    name = models.CharField(max_length=100)
    intro = models.TextField(blank=True)
    duration_minutes = models.PositiveIntegerField(default=0)
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]


class RouteStop(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=100)
    text = models.TextField(blank=True)
    image = models.FileField(upload_to=route_media_path, blank=True, max_length=200)
    audio = models.FileField(upload_to=route_media_path, blank=True, max_length=200)

    class Meta:
        ordering = ["position", "id"]
