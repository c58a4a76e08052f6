"""Member distribution (DST-MEM-01..05): tourists bound to the distributor whose referral code
brought them, the referral commission accrued on their paid orders, and the member CRM on them
(tags, follow-up notes). The tables keep their historical distribution_* names."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ReferralBinding(models.Model):
    """A tourist bound to the distributor whose referral code brought them (first touch wins, DST-MEM-02)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral")
    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="referrals")
    source = models.CharField(max_length=16, default="api")  # api | link | signup | checkout
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "distribution_referralbinding"
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
        db_table = "distribution_commissionaccrual"
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


class MemberTag(models.Model):
    """A distributor's own tag; attached to its referral bindings."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="member_tags")
    name = models.CharField(max_length=20)
    color = models.CharField(max_length=7, blank=True)
    bindings = models.ManyToManyField(ReferralBinding, blank=True, related_name="tags")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "distribution_membertag"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["distributor", "name"], name="uniq_member_tag")]


class FollowUpNote(models.Model):
    """A note / follow-up on one member: who, when, text, and when to follow up next."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="member_notes")
    binding = models.ForeignKey(ReferralBinding, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150)
    text = models.CharField(max_length=1000)
    next_follow_up_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "distribution_followupnote"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["distributor", "next_follow_up_on"])]
