"""Public side of buying: carts, checkouts spanning merchants, and the tourist's order index."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from shared_apps.core.models import StatusEvent


class Cart(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart")
    updated_at = models.DateTimeField(auto_now=True)


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.CASCADE, related_name="+")
    product_id = models.BigIntegerField()
    day = models.DateField(null=True, blank=True)
    session = models.CharField(max_length=32, blank=True, default="")
    nights = models.PositiveSmallIntegerField(default=1)
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "merchant", "product_id", "day", "session"],
                                    nulls_distinct=False, name="uniq_cart_line"),
            models.CheckConstraint(condition=Q(quantity__gte=1) & Q(quantity__lte=99), name="cart_quantity_range"),
        ]


class CheckoutStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "待支付"
    PAID = "paid", "已支付"
    CONFIRMED = "confirmed", "已确认（到店付款）"  # every part is paid at the merchant: nothing to pay online
    CANCELLED = "cancelled", "已取消"
    EXPIRED = "expired", "已超时"


class Checkout(models.Model):
    """One tourist purchase across merchants: one Order per merchant, all made in one transaction."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkouts")
    status = models.CharField(max_length=20, choices=CheckoutStatus.choices,
                              default=CheckoutStatus.PENDING_PAYMENT)
    total_fen = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(total_fen__gte=0), name="checkout_total_non_negative")]


class CheckoutPart(models.Model):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="parts")
    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="+")
    order_id = models.BigIntegerField()
    order_no = models.CharField(max_length=32)
    amount_fen = models.BigIntegerField()
    pay_at_merchant = models.BooleanField(default=False)  # 到付: not in total_fen, no payment split

    class Meta:
        ordering = ["merchant_id"]
        constraints = [models.UniqueConstraint(fields=["checkout", "merchant"], name="one_order_per_merchant")]


class CheckoutEvent(StatusEvent):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="events")

    class Meta:
        ordering = ["id"]


class OrderIndex(models.Model):
    """A public copy of each merchant order's headline, for the tourist's order centre and
    fuzzy search across merchants. Written in the same transaction as the order."""

    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.CASCADE, related_name="+")
    order_id = models.BigIntegerField()
    order_no = models.CharField(max_length=32, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    checkout_id = models.BigIntegerField(null=True, db_index=True)
    status = models.CharField(max_length=20)
    total_fen = models.BigIntegerField()
    refunded_fen = models.BigIntegerField(default=0)
    pay_at_merchant = models.BooleanField(default=False)  # 到付 (EC-HTL-06)
    title = models.CharField(max_length=200)
    search_text = models.TextField()
    first_day = models.DateField(null=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["merchant", "order_id"], name="uniq_order_index")]
        indexes = [models.Index(fields=["user", "-created_at"])]
