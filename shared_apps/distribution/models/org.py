"""Distributor organisations (public schema): applications, profile, departments, member
placement, merchant contracts, levels, alerts and the state-change event rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from shared_apps.core.models import StatusEvent
from shared_apps.core.reviews import ReviewedApplication


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"


class DistributorKind(models.TextChoices):
    AGENCY = "agency", "旅行社/机构"
    OTA = "ota", "在线旅游平台"
    INDIVIDUAL = "individual", "个人分销员"


class DistributorApplication(ReviewedApplication):
    """Anonymous (or signed-in) application to become a distributor (DST-SEC-01), reviewed by an
    operator (shared_apps.core.reviews)."""

    kind = models.CharField(max_length=16, choices=DistributorKind.choices, default=DistributorKind.AGENCY)
    license_no = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=500, blank=True)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="distributor_applications")
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED)
    distributor = models.OneToOneField("accounts.Distributor", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="application")

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["name"], condition=Q(status="submitted"),
                                    name="uniq_open_distributor_application"),
        ]


class DistributorLevel(models.Model):
    """Member-distribution levels (DST-MEM-05): referral commission rate by level. A distributor
    moves up automatically once its released referral sales reach `min_sales_fen`."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=50)
    rank = models.PositiveSmallIntegerField(unique=True)
    commission_bps = models.PositiveIntegerField()  # of the order amount, capped at the platform commission
    min_sales_fen = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["rank"]
        constraints = [models.CheckConstraint(condition=Q(commission_bps__lte=10_000), name="level_bps_range")]


class DistributorProfile(models.Model):
    """Everything a distributor has beyond accounts.Distributor (DST-SEC-02, DST-FIN-05/06)."""

    distributor = models.OneToOneField("accounts.Distributor", on_delete=models.CASCADE, related_name="profile")
    kind = models.CharField(max_length=16, choices=DistributorKind.choices, default=DistributorKind.AGENCY)
    license_no = models.CharField(max_length=64, blank=True)
    address = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=500, blank=True)
    referral_code = models.CharField(max_length=12, unique=True)
    level = models.ForeignKey(DistributorLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    credit_limit_fen = models.BigIntegerField(default=0)
    low_balance_alert_fen = models.BigIntegerField(default=100_000)
    webhook_url = models.URLField(max_length=300, blank=True)
    webhook_secret = models.CharField(max_length=64, blank=True)
    bank_name = models.CharField(max_length=100, blank=True)
    bank_account_name = models.CharField(max_length=100, blank=True)
    bank_account_no = models.CharField(max_length=40, blank=True)
    finance_password_hash = models.CharField(max_length=128, blank=True)
    finance_failures = models.PositiveSmallIntegerField(default=0)
    finance_locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(credit_limit_fen__gte=0), name="credit_limit_nonneg")]


class Department(models.Model):
    """A node of a distributor's organisation tree (DST-SEC-03)."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="departments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["distributor", "parent", "name"], nulls_distinct=False,
                                    name="uniq_department_name"),
        ]


class MemberPlacement(models.Model):
    """Where a DistributorMember sits (department) and whether the sub-account is enabled (DST-SEC-04)."""

    member = models.OneToOneField("accounts.DistributorMember", on_delete=models.CASCADE, related_name="placement")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="members")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)


class ContractStatus(models.TextChoices):
    REQUESTED = "requested", "待商户授权"
    ACTIVE = "active", "已授权"
    REJECTED = "rejected", "已拒绝"
    REVOKED = "revoked", "已撤销"


class DistributorContract(models.Model):
    """A merchant's authorisation of a distributor (DST-DIS-03/04). Active contracts are mirrored
    in Distributor.merchants (what ApiKey.allows checks). `product_ids` limits what the
    distributor may sell (empty: every on-shelf product). Prices are the catalog's distributor
    channel prices (net rates); see docs/distribution.md."""

    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.CASCADE, related_name="distributor_contracts")
    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="contracts")
    status = models.CharField(max_length=16, choices=ContractStatus.choices, default=ContractStatus.REQUESTED)
    product_ids = models.JSONField(default=list, blank=True)
    request_note = models.CharField(max_length=200, blank=True)
    decision_note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["merchant", "distributor"], name="uniq_contract")]


class AlertKind(models.TextChoices):
    LOW_BALANCE = "low_balance", "预存款余额不足"
    CREDIT_IN_USE = "credit_in_use", "正在使用授信额度"
    RATE_LIMITED = "rate_limited", "API 密钥触发限流"
    LARGE_REFUND = "large_refund", "大额退款"
    API_KEY = "api_key", "API 密钥变更"
    FINANCE_LOCKED = "finance_locked", "财务密码已锁定"
    CONTRACT = "contract", "商户授权变更"
    WEBHOOK_FAILED = "webhook_failed", "回调推送失败"


class DistributorAlert(models.Model):
    """Account alerts (DST-SEC-08)."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    level = models.CharField(max_length=8, default="warning")  # info | warning | critical
    message = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]


class DistributionEvent(StatusEvent):
    """One row per state transition of an application, contract, booking, top-up, withdrawal,
    commission accrual, distributor or webhook delivery (and credit limit changes): who, when,
    from, to, why."""

    subject = models.CharField(max_length=16)  # application | contract | booking | topup | withdrawal | accrual ...
    subject_id = models.BigIntegerField()
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["subject", "subject_id"])]
