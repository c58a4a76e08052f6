"""Double-entry ledger (public schema). Append-only: corrections are reversal entries.

Sign convention: a posting's amount is debit-positive, credit-negative. Every entry's
postings sum to zero and there are at least two (a deferred constraint trigger checks it
at commit); UPDATE and DELETE are rejected by triggers.
"""

from django.db import models


class AccountKind(models.TextChoices):
    ASSET = "asset", "资产"
    LIABILITY = "liability", "负债"
    REVENUE = "revenue", "收入"
    EXPENSE = "expense", "费用"


class Account(models.Model):
    """e.g. gateway_clearing:wechat, wallet:42, merchant_payable:lushan, platform_commission."""

    code = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=16, choices=AccountKind.choices)
    name = models.CharField(max_length=100)
    owner_type = models.CharField(max_length=16, blank=True)  # platform | user | merchant | distributor | gateway
    owner_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return self.code


class JournalEntry(models.Model):
    kind = models.CharField(max_length=32)  # payment, refund, topup, release, withdrawal_*, reversal, ...
    ref = models.CharField(max_length=100)  # what caused it, e.g. "intent:12"; (kind, ref) posts once
    memo = models.CharField(max_length=200, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["kind", "ref"], name="entry_posts_once")]


class Posting(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount_fen = models.BigIntegerField()  # debit > 0, credit < 0

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "entry"])]
        constraints = [models.CheckConstraint(condition=~models.Q(amount_fen=0), name="posting_not_zero")]
