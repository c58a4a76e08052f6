"""Distributor money beyond bookings: deposit top-ups and commission withdrawals. Balances live
in the ledger, never here (referral commission accruals: shared_apps.referrals)."""

from django.db import models
from django.db.models import Q

from shared_apps.settlement.models import WithdrawalBase, WithdrawalStatus  # noqa: F401  (re-exported)


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


class CommissionWithdrawal(WithdrawalBase):
    """Withdrawal of released commission, reviewed by a finance operator (DST-FIN-04)."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.PROTECT, related_name="withdrawals")
    requested_by = models.CharField(max_length=150)
    reviewed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="dst_withdrawal_positive")]
