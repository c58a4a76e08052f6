"""A merchant's orders (in its schema). One tourist checkout makes one Order per merchant."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from shared_apps.core.models import StatusEvent


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "待支付"
    PAID = "paid", "已支付"
    CONFIRMED = "confirmed", "已确认（到店付款）"
    USED = "used", "已使用"
    SHIPPED = "shipped", "已发货"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"
    REFUND_REQUESTED = "refund_requested", "退款中"
    PARTIALLY_REFUNDED = "partially_refunded", "部分退款"
    REFUNDED = "refunded", "已退款"


class Channel(models.TextChoices):
    TOURIST = "tourist", "游客"
    DISTRIBUTOR = "distributor", "分销商"


class Order(models.Model):
    order_no = models.CharField(max_length=32, unique=True)
    checkout_id = models.BigIntegerField(null=True, blank=True, db_index=True)  # public checkout
    # No database FK across schemas: a constraint from every merchant schema onto the public
    # users table would block TRUNCATE/maintenance of the public schema. Users are never deleted.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                             related_name="+", db_constraint=False)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.TOURIST)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT)
    status_before_refund = models.CharField(max_length=20, blank=True)
    total_fen = models.BigIntegerField()  # what the tourist pays: sum(line amounts) - discount_fen
    discount_fen = models.BigIntegerField(default=0)  # bundle + coupon discounts (EC-SHP-06/07)
    coupon_code = models.CharField(max_length=32, blank=True)
    pay_at_merchant = models.BooleanField(default=False)  # 到付: paid at the desk, not through the platform
    refunded_fen = models.BigIntegerField(default=0)
    contact_name = models.CharField(max_length=50, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    travellers = models.JSONField(default=list, blank=True)  # snapshots at order time
    address = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)  # start of the return window
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total_fen__gte=0), name="order_total_non_negative"),
            models.CheckConstraint(condition=Q(refunded_fen__gte=0) & Q(refunded_fen__lte=F("total_fen")),
                                   name="order_refund_within_total"),
            models.CheckConstraint(condition=Q(discount_fen__gte=0), name="order_discount_non_negative"),
        ]

    @property
    def hold_ref(self) -> str:
        return f"order:{self.pk}"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16)
    day = models.DateField(null=True, blank=True)
    session = models.CharField(max_length=32, blank=True)
    nights = models.PositiveSmallIntegerField(default=1)
    quantity = models.PositiveIntegerField()
    unit_price_fen = models.BigIntegerField()  # per unit for the whole stay (all nights)
    amount_fen = models.BigIntegerField()
    discount_fen = models.BigIntegerField(default=0)  # this line's share of Order.discount_fen
    refunded_qty = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="line_quantity_positive"),
            models.CheckConstraint(condition=Q(amount_fen=F("unit_price_fen") * F("quantity")),
                                   name="line_amount_is_price_times_qty"),
            models.CheckConstraint(condition=Q(refunded_qty__lte=F("quantity")), name="line_refund_within_qty"),
            models.CheckConstraint(condition=Q(discount_fen__gte=0) & Q(discount_fen__lte=F("amount_fen")),
                                   name="line_discount_within_amount"),
        ]


class OrderEvent(StatusEvent):
    """One row per transition: who, when, from, to, why (and refunded amount, if any)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    amount_fen = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["id"]


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", "待处理"
    APPROVED = "approved", "已同意"
    REJECTED = "rejected", "已拒绝"


class RefundRequest(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    lines = models.JSONField()  # [{"line_id": 1, "quantity": 2}]
    amount_fen = models.BigIntegerField()
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=RefundStatus.choices, default=RefundStatus.REQUESTED)
    decided_by = models.CharField(max_length=150, blank=True)
    decision_note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="refund_amount_positive"),
            models.UniqueConstraint(fields=["order"], condition=Q(status="requested"),
                                    name="one_open_refund_per_order"),
        ]


class RefundRequestEvent(StatusEvent):
    """One row per decision on a refund request (requested -> approved | rejected)."""

    refund = models.ForeignKey(RefundRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)

    class Meta:
        ordering = ["id"]
