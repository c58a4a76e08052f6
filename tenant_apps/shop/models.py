"""Specialty shop (in the merchant's schema): suppliers of goods, shipments with
tracking events, returns / exchanges (RMA) and complaints.

Money is integer fen. Status changes go through the services' transition tables and write a
ShopEvent (who, when, from, to, why).
"""

from django.db import models
from django.db.models import Q

from shared_apps.core.models import StatusEvent


class Supplier(models.Model):
    """Where goods come from (EC-SHP-03)."""

    name = models.CharField(max_length=100, unique=True)
    contact_name = models.CharField(max_length=50, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class SupplierProduct(models.Model):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="suppliers")
    supplier_sku = models.CharField(max_length=64, blank=True)
    cost_fen = models.BigIntegerField(null=True, blank=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "product"], name="uniq_supplier_product"),
            models.UniqueConstraint(fields=["product"], condition=Q(is_primary=True), name="one_primary_supplier"),
            models.CheckConstraint(condition=Q(cost_fen__isnull=True) | Q(cost_fen__gte=0),
                                   name="supplier_cost_nonneg"),
        ]


class ShipmentStatus(models.TextChoices):
    PENDING = "pending", "待发货"
    SHIPPED = "shipped", "已发货"
    DELIVERED = "delivered", "已签收"
    RECEIVED = "received", "已确认收货"
    CANCELLED = "cancelled", "已取消"


class ShipmentKind(models.TextChoices):
    ORDER = "order", "订单发货"
    EXCHANGE = "exchange", "换货发货"


class Shipment(models.Model):
    """Goods of one order going to the tourist (EC-SHP-08/09). Made when the order is paid."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="shipments")
    kind = models.CharField(max_length=10, choices=ShipmentKind.choices, default=ShipmentKind.ORDER)
    rma = models.OneToOneField("shop.ReturnRequest", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="exchange_shipment")
    status = models.CharField(max_length=10, choices=ShipmentStatus.choices, default=ShipmentStatus.PENDING)
    lines = models.JSONField(default=list)  # [{"line_id", "product_name", "quantity"}]
    address = models.JSONField(default=dict)  # snapshot from the order
    carrier = models.CharField(max_length=16, blank=True)
    tracking_no = models.CharField(max_length=40, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(kind="order"), name="one_order_shipment"),
            models.UniqueConstraint(fields=["carrier", "tracking_no"], condition=~Q(tracking_no=""),
                                    name="uniq_tracking_no"),
            models.CheckConstraint(condition=Q(kind="order", rma__isnull=True) | Q(kind="exchange", rma__isnull=False),
                                   name="shipment_kind_matches_rma"),
        ]


class TrackingEvent(models.Model):
    """One line of the carrier's tracking (揽收, 运输中, 派送中, 签收 …), appended, never edited."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="tracking")
    code = models.CharField(max_length=20)  # accepted | in_transit | out_for_delivery | delivered | exception
    description = models.CharField(max_length=200)
    location = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField()
    source = models.CharField(max_length=16, default="carrier")  # carrier | manual
    external_id = models.CharField(max_length=64)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["shipment", "external_id"], name="uniq_tracking_event")]


class RmaStatus(models.TextChoices):
    REQUESTED = "requested", "待审核"
    APPROVED = "approved", "已同意，待寄回"
    REJECTED = "rejected", "已拒绝"
    GOODS_RECEIVED = "goods_received", "已收到退货"
    REFUNDED = "refunded", "已退款"
    EXCHANGED = "exchanged", "已换货"
    CANCELLED = "cancelled", "已撤销"


class RmaKind(models.TextChoices):
    RETURN = "return", "退货退款"
    EXCHANGE = "exchange", "换货"


OPEN_RMA = ("requested", "approved", "goods_received")


class ReturnRequest(models.Model):
    """A return or exchange of shipped goods (EC-SHP-09)."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="returns")
    user_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=RmaKind.choices)
    lines = models.JSONField()  # [{"line_id", "quantity"}]
    amount_fen = models.BigIntegerField(default=0)
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=RmaStatus.choices, default=RmaStatus.REQUESTED)
    return_carrier = models.CharField(max_length=16, blank=True)
    return_tracking_no = models.CharField(max_length=40, blank=True)
    refund = models.ForeignKey("orders.RefundRequest", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    decision_note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(status__in=OPEN_RMA), name="one_open_rma_per_order"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="rma_amount_nonneg"),
        ]


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "待回复"
    REPLIED = "replied", "已回复"
    ESCALATED = "escalated", "已提交平台"
    CLOSED = "closed", "已关闭"


class Complaint(models.Model):
    """A tourist's complaint about an order (EC-SHP-10); escalations go to the platform."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="complaints")
    user_id = models.BigIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)  # 1-5 when the tourist closes it
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=~Q(status="closed"), name="one_active_complaint"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="complaint_rating_range"),
        ]


class ComplaintMessage(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=10)  # tourist | merchant | platform
    author = models.CharField(max_length=150)
    body = models.CharField(max_length=1000)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class ShopEvent(StatusEvent):
    """Transitions of shipments, RMAs and complaints."""

    subject = models.CharField(max_length=10)  # shipment | rma | complaint
    subject_id = models.BigIntegerField()
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="shop_event_subject")]
