"""Settlement: split records per paid merchant order (分账), T+N availability, withdrawals (the
withdrawal status set, transition table and abstract model of every withdrawal are here too)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from shared_apps.core.models import StatusEvent


class SettlementItem(models.Model):
    """How one merchant's part of one payment splits between merchant and platform commission,
    and when the merchant's share becomes available for withdrawal (T+N)."""

    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="settlement_items")
    intent = models.ForeignKey("payments.PaymentIntent", on_delete=models.PROTECT, related_name="settlement_items")
    order_no = models.CharField(max_length=32)
    gross_fen = models.BigIntegerField()
    commission_fen = models.BigIntegerField()
    refunded_fen = models.BigIntegerField(default=0)
    refunded_commission_fen = models.BigIntegerField(default=0)
    available_at = models.DateTimeField(db_index=True)
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["intent", "merchant"], name="one_split_per_merchant_payment"),
            models.CheckConstraint(condition=Q(commission_fen__gte=0) & Q(commission_fen__lte=F("gross_fen")),
                                   name="split_commission_within_gross"),
            models.CheckConstraint(condition=Q(refunded_fen__gte=0) & Q(refunded_fen__lte=F("gross_fen")),
                                   name="split_refund_within_gross"),
            models.CheckConstraint(condition=Q(refunded_commission_fen__gte=0)
                                   & Q(refunded_commission_fen__lte=F("commission_fen")),
                                   name="split_commission_refund_within_commission"),
        ]

    @property
    def net_fen(self) -> int:
        return self.gross_fen - self.commission_fen - (self.refunded_fen - self.refunded_commission_fen)


class WithdrawalStatus(models.TextChoices):
    REQUESTED = "requested", "待审核"
    PAID = "paid", "已打款"
    REJECTED = "rejected", "已驳回"


WITHDRAWAL_TRANSITIONS = {WithdrawalStatus.REQUESTED: {WithdrawalStatus.PAID, WithdrawalStatus.REJECTED}}


class WithdrawalBase(models.Model):
    """What every withdrawal has: merchant withdrawals here, distributor commission withdrawals in
    distribution; the service is settlement.withdrawals.Payouts. The owner and the requester and
    reviewer fields are the concrete model's (a merchant and user rows, or a distributor and
    usernames)."""

    amount_fen = models.BigIntegerField()
    bank = models.JSONField(default=dict)  # snapshot of the owner's payout bank account
    status = models.CharField(max_length=16, choices=WithdrawalStatus.choices, default=WithdrawalStatus.REQUESTED)
    note = models.CharField(max_length=200, blank=True)
    bank_txn_no = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Withdrawal(WithdrawalBase):
    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="withdrawals")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="withdrawal_positive")]


class WithdrawalEvent(StatusEvent):
    withdrawal = models.ForeignKey(Withdrawal, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)

    class Meta:
        ordering = ["id"]


class ReconciliationRun(models.Model):
    """One comparison of our records with a gateway's daily bill file (STL, DST-FIN-02)."""

    gateway = models.CharField(max_length=16)
    day = models.DateField()
    bill_rows = models.PositiveIntegerField(default=0)
    our_rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    mismatches = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]


class Mismatch(models.TextChoices):
    LONG = "long", "长款（账单有、平台无）"
    SHORT = "short", "短款（平台有、账单无）"
    AMOUNT = "amount", "金额不符"
    STATUS = "status", "状态不符"


class ReconciliationItem(models.Model):
    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=8, choices=Mismatch.choices)
    record = models.CharField(max_length=8)  # payment | refund
    reference = models.CharField(max_length=64)  # out_trade_no or out_refund_no
    ours_fen = models.BigIntegerField(null=True)
    theirs_fen = models.BigIntegerField(null=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
