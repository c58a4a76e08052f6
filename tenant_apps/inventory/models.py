"""One capacity model for everything dated (ticket day/session, room-night, flash-sale
stock) and for plain goods stock (day = NULL). Invariants live in the database:
0 <= sold, 0 <= held, sold + held <= capacity."""

from django.db import models
from django.db.models import F, Q


class CapacitySlot(models.Model):
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="slots")
    day = models.DateField(null=True, blank=True)  # NULL: plain stock (goods)
    session = models.CharField(max_length=32, blank=True, default="")
    capacity = models.IntegerField()
    sold = models.IntegerField(default=0)
    held = models.IntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["product_id", "day", "session"]
        constraints = [
            models.UniqueConstraint(fields=["product", "day", "session"], nulls_distinct=False,
                                    name="uniq_capacity_slot"),
            models.CheckConstraint(condition=Q(sold__gte=0) & Q(held__gte=0) & Q(capacity__gte=0),
                                   name="slot_counts_non_negative"),
            models.CheckConstraint(condition=Q(capacity__gte=F("sold") + F("held")), name="slot_no_oversell"),
        ]

    @property
    def left(self) -> int:
        return self.capacity - self.sold - self.held


class HoldStatus(models.TextChoices):
    ACTIVE = "active", "占用中"
    CONVERTED = "converted", "已售出"
    RELEASED = "released", "已释放"


class Hold(models.Model):
    """Units of one slot held for an order until it is paid (converted) or dropped (released)."""

    slot = models.ForeignKey(CapacitySlot, on_delete=models.PROTECT, related_name="holds")
    quantity = models.PositiveIntegerField()
    ref = models.CharField(max_length=64, db_index=True)  # e.g. "order:42"
    status = models.CharField(max_length=16, choices=HoldStatus.choices, default=HoldStatus.ACTIVE)
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="hold_quantity_positive")]
