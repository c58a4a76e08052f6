"""Payment intents (one per checkout or wallet top-up), their tenders (gateway and wallet parts
of a combined payment), raw gateway callbacks and refunds. Amounts in integer fen."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from shared_apps.core.models import StatusEvent


class Method(models.TextChoices):
    WECHAT = "wechat", "微信支付"
    ALIPAY = "alipay", "支付宝"
    WALLET = "wallet", "钱包余额"


class IntentStatus(models.TextChoices):
    REQUIRES_PAYMENT = "requires_payment", "待支付"
    SUCCEEDED = "succeeded", "支付成功"
    FAILED = "failed", "支付失败"
    CANCELLED = "cancelled", "已取消"


class Purpose(models.TextChoices):
    CHECKOUT = "checkout", "订单支付"
    TOPUP = "topup", "钱包充值"
    OFFLINE = "offline", "线下扫码付款"  # a merchant's folio / bill QR (EC-HTL-10, EC-FNB-08)


class PaymentIntent(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payment_intents")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    checkout = models.ForeignKey("checkout.Checkout", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="payment_intents")
    merchant = models.ForeignKey("tenants.Merchant", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # offline payments: who is paid
    offline_ref = models.CharField(max_length=40, blank=True)  # e.g. "folio:12" in that merchant's schema
    amount_fen = models.BigIntegerField()
    status = models.CharField(max_length=20, choices=IntentStatus.choices, default=IntentStatus.REQUIRES_PAYMENT)
    created_at = models.DateTimeField(auto_now_add=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="intent_amount_positive"),
            # A checkout is paid by at most one live or successful intent.
            models.UniqueConstraint(fields=["checkout"], condition=Q(status__in=["requires_payment", "succeeded"]),
                                    name="one_live_intent_per_checkout"),
            # One open offline payment per folio / bill (a paid one does not block paying the rest).
            models.UniqueConstraint(fields=["merchant", "offline_ref"],
                                    condition=Q(purpose="offline", status="requires_payment"),
                                    name="one_live_offline_intent_per_subject"),
        ]


class TenderStatus(models.TextChoices):
    PENDING = "pending", "待支付"
    AUTHORIZED = "authorized", "已冻结"  # wallet part waiting for the gateway part
    SUCCEEDED = "succeeded", "已支付"
    FAILED = "failed", "失败"
    VOIDED = "voided", "已作废"


class Tender(models.Model):
    intent = models.ForeignKey(PaymentIntent, on_delete=models.PROTECT, related_name="tenders")
    method = models.CharField(max_length=16, choices=Method.choices)
    amount_fen = models.BigIntegerField()
    refunded_fen = models.BigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=TenderStatus.choices, default=TenderStatus.PENDING)
    out_trade_no = models.CharField(max_length=32, unique=True)
    gateway_txn_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    pay_url = models.TextField(blank=True)  # signed gateway URLs (Alipay wap pay) can be long
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_queried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="tender_amount_positive"),
            models.CheckConstraint(condition=Q(refunded_fen__gte=0) & Q(refunded_fen__lte=F("amount_fen")),
                                   name="tender_refund_within_amount"),
        ]


class PaymentEvent(StatusEvent):
    intent = models.ForeignKey(PaymentIntent, on_delete=models.CASCADE, related_name="events")
    tender = models.ForeignKey(Tender, null=True, blank=True, on_delete=models.CASCADE, related_name="events")

    class Meta:
        ordering = ["id"]


class GatewayCallback(models.Model):
    """Every verified callback as received (raw); processed at most once. Unverified ones are not stored."""

    gateway = models.CharField(max_length=16)
    notify_id = models.CharField(max_length=128, null=True, blank=True)
    headers = models.JSONField(default=dict)
    body = models.TextField()
    verified = models.BooleanField(default=False)
    error = models.CharField(max_length=64, blank=True)
    out_trade_no = models.CharField(max_length=64, blank=True, db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["gateway", "notify_id"], name="callback_once_per_notify_id")]


class RefundStatus(models.TextChoices):
    PENDING = "pending", "待提交"
    PROCESSING = "processing", "退款中"
    SUCCEEDED = "succeeded", "已退款"
    FAILED = "failed", "退款失败"


class Refund(models.Model):
    """Money going back for one merchant order, on one tender. out_refund_no is the gateway
    idempotency key: resubmitting never refunds twice."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="refunds")
    merchant = models.ForeignKey("tenants.Merchant", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # None: an orphan payment sent back
    order_no = models.CharField(max_length=32, blank=True)
    source_ref = models.CharField(max_length=64)  # e.g. "lushan:refund:7"
    amount_fen = models.BigIntegerField()
    commission_fen = models.BigIntegerField(default=0)  # platform commission given back
    out_refund_no = models.CharField(max_length=64, unique=True)
    gateway_refund_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="refund_positive")]


class RefundEvent(StatusEvent):
    """One row per status change of a refund (pending -> processing -> succeeded | failed)."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)

    class Meta:
        ordering = ["id"]
