"""Merchant onboarding (OPS-MCH-01, EC-TKT-01) and reviewed core-info changes (OPS-MCH-03)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from shared_apps.core.models import StatusEvent
from shared_apps.core.reviews import ReviewedApplication
from tenants.models import MerchantKind


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已通过，开通中"
    ACTIVE = "active", "已开通"
    REJECTED = "rejected", "已驳回"
    FAILED = "failed", "开通失败"


# The kinds a merchant may apply as (every kind but the platform itself).
APPLICATION_KINDS = [c for c in MerchantKind.choices if c[0] != "platform"]


class MerchantApplication(ReviewedApplication):
    """A would-be merchant's application, reviewed by an operator (shared_apps.core.reviews)."""

    kind = models.CharField(max_length=16, choices=APPLICATION_KINDS)
    slug = models.CharField(max_length=30, help_text="subdomain and schema name")
    legal_name = models.CharField(max_length=200)
    license_no = models.CharField(max_length=64)
    bank_name = models.CharField(max_length=100, blank=True)
    bank_account_name = models.CharField(max_length=100, blank=True)
    bank_account_no = models.CharField(max_length=40, blank=True)
    tax_id = models.CharField(max_length=32, blank=True)
    invoice_title = models.CharField(max_length=200, blank=True)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="merchant_applications")
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED)
    merchant = models.OneToOneField("tenants.Merchant", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="application")

    class Meta:
        ordering = ["-id"]
        constraints = [
            # Two live applications can never claim the same subdomain.
            models.UniqueConstraint(fields=["slug"], condition=~Q(status__in=["rejected"]),
                                    name="uniq_live_application_slug"),
        ]

    def __str__(self):
        return f"{self.name} [{self.get_status_display()}]"


class CoreChangeCategory(models.TextChoices):
    ADMIN_ACCOUNT = "admin_account", "管理员账号"
    BANK_ACCOUNT = "bank_account", "对公账户"
    FINANCE_INFO = "finance_info", "财务信息"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"
    WITHDRAWN = "withdrawn", "已撤回"


class CoreInfoChange(models.Model):
    """A requested change of a merchant's core info; it takes effect only when approved."""

    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.CASCADE, related_name="core_changes")
    category = models.CharField(max_length=16, choices=CoreChangeCategory.choices)
    payload = models.JSONField()
    previous = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    review_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "category"], condition=Q(status="pending"),
                                    name="one_pending_change_per_category"),
        ]


class ReviewEvent(StatusEvent):
    """One row per state transition of an application or a core-info change."""

    application = models.ForeignKey(MerchantApplication, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="events")
    change = models.ForeignKey(CoreInfoChange, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="events")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, change__isnull=True)
                | Q(application__isnull=True, change__isnull=False),
                name="review_event_has_one_subject",
            ),
        ]
