"""Restaurant floor (in the merchant's schema): tables with rotatable QR tokens, sittings with
a short daily number (A012), dine-in orders sent to a kitchen queue, the sitting's bill with its
payments (coupons live in tenant_apps.promotions), and the daily cash-up declarations used for
reconciliation.

Money is integer fen. Every status change goes through services.py (transition tables) and
writes a DiningEvent.
"""

from django.db import models
from django.db.models import F, Q

from shared_apps.core.models import StatusEvent


class Table(models.Model):
    """A table or a private room (包间, EC-FNB-03) with its QR access token (EC-FNB-06)."""

    name = models.CharField(max_length=32, unique=True)  # "A3", "牡丹厅"
    area = models.CharField(max_length=32, blank=True)  # 大厅 / 二楼 / 包间区
    seats = models.PositiveSmallIntegerField(default=4)
    is_private_room = models.BooleanField(default=False)
    min_spend_fen = models.BigIntegerField(default=0)  # private rooms: minimum spend (最低消费)
    token = models.CharField(max_length=48, unique=True)
    token_rotated_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["is_private_room", "area", "name"]
        constraints = [models.CheckConstraint(condition=Q(seats__gte=1) & Q(min_spend_fen__gte=0),
                                              name="table_seats_and_spend_valid")]

    def __str__(self):
        return self.name


class DailyCounter(models.Model):
    """Per business day and prefix: the last sitting number given (A001, A002 …)."""

    day = models.DateField()
    prefix = models.CharField(max_length=2)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "prefix"], name="uniq_daily_counter")]


class SittingStatus(models.TextChoices):
    OPEN = "open", "就餐中"
    CLOSED = "closed", "已结束"


class Sitting(models.Model):
    """One party at one table (dynamic table number, EC-FNB-07)."""

    table = models.ForeignKey(Table, on_delete=models.PROTECT, related_name="sittings")
    business_day = models.DateField()
    number = models.CharField(max_length=8)
    guests = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=8, choices=SittingStatus.choices, default=SittingStatus.OPEN)
    opened_by = models.CharField(max_length=150, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["business_day", "number"], name="uniq_sitting_number_per_day"),
            models.UniqueConstraint(fields=["table"], condition=Q(status="open"), name="one_open_sitting_per_table"),
        ]


class BillStatus(models.TextChoices):
    OPEN = "open", "未结账"
    SETTLED = "settled", "已结账"


class Bill(models.Model):
    """The sitting's bill (pay per meal): its tab orders; online-paid orders are not on it."""

    sitting = models.OneToOneField(Sitting, on_delete=models.PROTECT, related_name="bill")
    status = models.CharField(max_length=8, choices=BillStatus.choices, default=BillStatus.OPEN)
    total_fen = models.BigIntegerField(default=0)
    discount_fen = models.BigIntegerField(default=0)
    paid_fen = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total_fen__gte=0) & Q(discount_fen__gte=0) & Q(paid_fen__gte=0),
                                   name="bill_sums_nonneg"),
            models.CheckConstraint(condition=Q(total_fen__gte=F("discount_fen") + F("paid_fen")),
                                   name="bill_not_overpaid"),
        ]

    @property
    def balance_fen(self) -> int:
        return self.total_fen - self.discount_fen - self.paid_fen


class OrderSource(models.TextChoices):
    TAB = "tab", "挂账（餐后结账）"
    ONLINE = "online", "在线支付"


class DiningOrder(models.Model):
    """One round of ordering at a sitting (EC-FNB-05): on the tab, or paid online through checkout."""

    sitting = models.ForeignKey(Sitting, on_delete=models.PROTECT, related_name="orders")
    source = models.CharField(max_length=8, choices=OrderSource.choices)
    order = models.OneToOneField("orders.Order", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="dining")
    total_fen = models.BigIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(source="tab", order__isnull=True)
                                              | Q(source="online", order__isnull=False),
                                              name="diningorder_source_matches_order")]


class DiningOrderLine(models.Model):
    dining_order = models.ForeignKey(DiningOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    dish_name = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    unit_price_fen = models.BigIntegerField()
    amount_fen = models.BigIntegerField()
    note = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1) & Q(amount_fen=F("unit_price_fen")
                                                                                  * F("quantity")),
                                              name="dining_line_amount_valid")]


class TicketStatus(models.TextChoices):
    QUEUED = "queued", "待制作"
    COOKING = "cooking", "制作中"
    SERVED = "served", "已上菜"
    CANCELLED = "cancelled", "已取消"


class KitchenTicket(models.Model):
    """One dish line in the kitchen queue. Tab lines and paid online order lines each make one."""

    sitting = models.ForeignKey(Sitting, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets")
    label = models.CharField(max_length=40)  # "A012 · 3号桌" or "线上 2511…"
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    dish_name = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    note = models.CharField(max_length=100, blank=True)
    amount_fen = models.BigIntegerField(default=0)  # on the bill (tab lines); 0 when paid online
    dining_line = models.OneToOneField(DiningOrderLine, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="ticket")
    order_line = models.OneToOneField("orders.OrderLine", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="kitchen_ticket")
    status = models.CharField(max_length=12, choices=TicketStatus.choices, default=TicketStatus.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    served_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "id"], name="dining_ticket_queue")]


class PayMethod(models.TextChoices):
    CASH = "cash", "现金"
    CARD = "card", "银行卡"
    SCAN = "scan", "扫码（商户收款码）"
    PLATFORM = "platform", "平台扫码支付"


class BillPayment(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    method = models.CharField(max_length=16, choices=PayMethod.choices)
    amount_fen = models.BigIntegerField()
    reference = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="bill_payment_positive")]


class CashDeclaration(models.Model):
    """What the cashier counted / the bank statement shows for one day and method (对账)."""

    day = models.DateField()
    method = models.CharField(max_length=16, choices=PayMethod.choices)
    declared_fen = models.BigIntegerField()
    note = models.CharField(max_length=200, blank=True)
    declared_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "method"]
        constraints = [models.UniqueConstraint(fields=["day", "method"], name="uniq_declaration_day_method"),
                       models.CheckConstraint(condition=Q(declared_fen__gte=0), name="declaration_nonneg")]


class DiningEvent(StatusEvent):
    """Transitions of sittings, bills and kitchen tickets: who, when, from, to, why."""

    subject = models.CharField(max_length=8)  # sitting | bill | ticket
    subject_id = models.BigIntegerField()
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="dining_event_subject")]
