"""Hotel front desk (in the merchant's schema): physical rooms, stays made from paid room
orders, room-night allocation (a room is never given twice for one night: unique
(room, night) in the database), and folios for on-site charges and payments.

Money is integer fen. State changes go through machines.py (STAY_TRANSITIONS) and folio.py
(FOLIO_TRANSITIONS); each one writes an event row.
"""

from django.db import models
from django.db.models import F, Q

from shared_apps.core.models import StatusEvent


class RoomStatus(models.TextChoices):
    CLEAN = "clean", "干净"
    DIRTY = "dirty", "待清扫"
    OUT_OF_ORDER = "out_of_order", "维修停用"


class Room(models.Model):
    """A physical room of one room type (a catalog Product of kind `room`)."""

    number = models.CharField(max_length=16, unique=True)
    floor = models.SmallIntegerField(default=1)
    room_type = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="rooms")
    status = models.CharField(max_length=16, choices=RoomStatus.choices, default=RoomStatus.CLEAN)
    note = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["floor", "number"]
        constraints = [models.CheckConstraint(condition=Q(status__in=RoomStatus.values), name="room_status_valid")]

    def __str__(self):
        return self.number


class RoomEvent(StatusEvent):
    """Housekeeping status changes of a room (clean, dirty, out of order)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)

    class Meta:
        ordering = ["id"]


class StayStatus(models.TextChoices):
    BOOKED = "booked", "待入住"
    CHECKED_IN = "checked_in", "已入住"
    CHECKED_OUT = "checked_out", "已离店"
    NO_SHOW = "no_show", "未到店"
    CANCELLED = "cancelled", "已取消"


class Stay(models.Model):
    """One room for one booking: a paid room order line of quantity n makes n stays (unit 1..n)."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="stays")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="stays")
    unit = models.PositiveSmallIntegerField(default=1)
    order_no = models.CharField(max_length=32, db_index=True)
    room_type = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="stays")
    room_type_name = models.CharField(max_length=100)
    arrival = models.DateField(db_index=True)
    nights = models.PositiveSmallIntegerField()
    departure = models.DateField()
    guests = models.JSONField(default=list, blank=True)  # traveller snapshots from the order
    guest_name = models.CharField(max_length=50, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    amount_fen = models.BigIntegerField()  # prepaid room price of this unit (all nights)
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT, related_name="stays")
    status = models.CharField(max_length=16, choices=StayStatus.choices, default=StayStatus.BOOKED)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["arrival", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order_line", "unit"], name="uniq_stay_per_line_unit"),
            models.CheckConstraint(condition=Q(nights__gte=1), name="stay_nights_positive"),
            models.CheckConstraint(condition=Q(departure__gt=F("arrival")), name="stay_departure_after_arrival"),
            models.CheckConstraint(condition=Q(status__in=StayStatus.values), name="stay_status_valid"),
        ]


class StayEvent(StatusEvent):
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)

    class Meta:
        ordering = ["id"]


class NightKind(models.TextChoices):
    STAY = "stay", "入住"
    HOLD = "hold", "预留"


class RoomNight(models.Model):
    """A room taken for one night, by a stay or by a staff hold (预留). The unique constraint
    is THE guard against double allocation, also under concurrent requests."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="nights")
    night = models.DateField()
    kind = models.CharField(max_length=8, choices=NightKind.choices, default=NightKind.STAY)
    stay = models.ForeignKey(Stay, null=True, blank=True, on_delete=models.CASCADE, related_name="room_nights")
    hold_ref = models.CharField(max_length=32, blank=True)  # groups the nights of one hold
    note = models.CharField(max_length=200, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["room_id", "night"]
        constraints = [
            models.UniqueConstraint(fields=["room", "night"], name="uniq_room_night"),
            models.CheckConstraint(condition=(Q(kind="stay") & Q(stay__isnull=False))
                                   | (Q(kind="hold") & Q(stay__isnull=True) & ~Q(hold_ref="")),
                                   name="roomnight_stay_or_hold"),
        ]
        indexes = [models.Index(fields=["night"], name="hotel_roomnight_night")]


class FolioStatus(models.TextChoices):
    OPEN = "open", "未结清"
    SETTLED = "settled", "已结清"


class PayMethod(models.TextChoices):
    CASH = "cash", "现金"
    CARD = "card", "银行卡"
    SCAN = "scan", "扫码（商户收款码）"
    PLATFORM = "platform", "平台扫码支付"


class Folio(models.Model):
    """The guest account of a stay (or of a walk-in guest): on-site charges and payments
    (到付 EC-HTL-06, 线下扫码支付 EC-HTL-10). The prepaid room price is NOT on it."""

    stay = models.OneToOneField(Stay, null=True, blank=True, on_delete=models.PROTECT, related_name="folio")
    guest_name = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=8, choices=FolioStatus.choices, default=FolioStatus.OPEN)
    charges_fen = models.BigIntegerField(default=0)
    paid_fen = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(charges_fen__gte=0) & Q(paid_fen__gte=0), name="folio_sums_nonneg"),
            models.CheckConstraint(condition=Q(paid_fen__lte=F("charges_fen")), name="folio_not_overpaid"),
        ]

    @property
    def balance_fen(self) -> int:
        return self.charges_fen - self.paid_fen


class ChargeKind(models.TextChoices):
    ROOM = "room", "房费"
    MINIBAR = "minibar", "迷你吧"
    FOOD = "food", "餐饮"
    LAUNDRY = "laundry", "洗衣"
    DAMAGE = "damage", "损坏赔偿"
    OTHER = "other", "其他"


class FolioCharge(models.Model):
    folio = models.ForeignKey(Folio, on_delete=models.CASCADE, related_name="charges")
    kind = models.CharField(max_length=16, choices=ChargeKind.choices)
    description = models.CharField(max_length=100, blank=True)
    amount_fen = models.BigIntegerField()
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="folio_charge_positive")]


class FolioPayment(models.Model):
    folio = models.ForeignKey(Folio, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=16, choices=PayMethod.choices)
    amount_fen = models.BigIntegerField()
    reference = models.CharField(max_length=64, null=True, blank=True, unique=True)  # gateway / POS ref
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="folio_payment_positive")]


class FolioEvent(StatusEvent):
    folio = models.ForeignKey(Folio, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=8, blank=True)
    to_status = models.CharField(max_length=8)

    class Meta:
        ordering = ["id"]
