"""Distributor money beyond bookings: deposit top-ups, commission withdrawals, referral
bindings and referral commission accruals. Balances live in the ledger, never here."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class TopUpStatus(models.TextChoices):
    SUBMITTED = "submitted", "待确认到账"
    CONFIRMED = "confirmed", "已入账"
    REJECTED = "rejected", "已驳回"


class DepositTopUp(models.Model):
    """A bank transfer into the distributor's prepaid deposit, confirmed by a finance operator (DST-FIN-03)."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.PROTECT, related_name="topups")
    amount_fen = models.BigIntegerField()
    bank_txn_no = models.CharField(max_length=64)
    remitter = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=TopUpStatus.choices, default=TopUpStatus.SUBMITTED)
    requested_by = models.CharField(max_length=150)
    reviewed_by = models.CharField(max_length=150, blank=True)
    review_note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="topup_positive"),
            models.UniqueConstraint(fields=["bank_txn_no"], condition=~Q(status="rejected"),
                                    name="topup_bank_txn_once"),
        ]


class WithdrawalStatus(models.TextChoices):
    REQUESTED = "requested", "待审核"
    PAID = "paid", "已打款"
    REJECTED = "rejected", "已驳回"


class CommissionWithdrawal(models.Model):
    """Withdrawal of released commission, reviewed by a finance operator (DST-FIN-04)."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.PROTECT, related_name="withdrawals")
    amount_fen = models.BigIntegerField()
    bank = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=WithdrawalStatus.choices, default=WithdrawalStatus.REQUESTED)
    requested_by = models.CharField(max_length=150)
    reviewed_by = models.CharField(max_length=150, blank=True)
    note = models.CharField(max_length=200, blank=True)
    bank_txn_no = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="dst_withdrawal_positive")]


class ReferralBinding(models.Model):
    """A tourist bound to the distributor whose referral code brought them (first touch wins, DST-MEM-02)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral")
    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="referrals")
    source = models.CharField(max_length=16, default="api")  # api | link | signup | checkout
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]


class AccrualStatus(models.TextChoices):
    FROZEN = "frozen", "冻结中"
    RELEASED = "released", "已结算"
    CLAWED_BACK = "clawed_back", "已追回"


class CommissionAccrual(models.Model):
    """Referral commission on one paid tourist order of a bound tourist. Frozen until the order is
    used/completed plus the refund window, then released; refunds claw back at the same rate."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.PROTECT, related_name="accruals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.PROTECT, related_name="+")
    order_id = models.BigIntegerField()
    order_no = models.CharField(max_length=32)
    level_code = models.CharField(max_length=20, blank=True)
    rate_bps = models.PositiveIntegerField()
    order_fen = models.BigIntegerField()
    amount_fen = models.BigIntegerField()
    clawed_back_fen = models.BigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=AccrualStatus.choices, default=AccrualStatus.FROZEN)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    release_at = models.DateTimeField(null=True, blank=True, db_index=True)
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "order_id"], name="one_accrual_per_order"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="accrual_positive"),
            models.CheckConstraint(condition=Q(clawed_back_fen__gte=0) & Q(clawed_back_fen__lte=F("amount_fen")),
                                   name="clawback_within_accrual"),
        ]

    @property
    def net_fen(self) -> int:
        return self.amount_fen - self.clawed_back_fen
