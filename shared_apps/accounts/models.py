"""Platform-wide accounts (public schema): tourists, operators, merchant staff, distributors."""

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from .permissions import StaffPerm, role_allows


class OperatorRole(models.TextChoices):
    SUPER_ADMIN = "super_admin", "超级管理员"
    REVIEWER = "reviewer", "审核员"
    FINANCE = "finance", "财务"
    SUPPORT = "support", "客服"


class User(AbstractUser):
    """One login for everybody. What a user may do comes from operator_role and memberships."""

    display_name = models.CharField(max_length=50, blank=True)
    phone = models.CharField(max_length=20, unique=True, null=True, blank=True)
    operator_role = models.CharField(max_length=16, choices=OperatorRole.choices, blank=True)
    # TOTP two-factor (RFC 6238): the base32 secret, and when the user confirmed it with a code
    # (a secret without a confirmation is a set-up in progress and does not guard the login).
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)

    @property
    def is_operator(self) -> bool:
        return bool(self.operator_role) or self.is_superuser

    @property
    def is_staff_account(self) -> bool:
        """Operators, Django admins and active merchant staff: they log in through the staff login."""
        return self.is_operator or self.is_staff or self.memberships.filter(is_active=True).exists()

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def __str__(self):
        return self.display_name or self.username


class StaffRole(models.TextChoices):
    OWNER = "owner", "店主"
    MANAGER = "manager", "经理"
    FINANCE = "finance", "财务"
    CLERK = "clerk", "店员"
    SCANNER = "scanner", "核销员"


class MerchantMembership(models.Model):
    """A user working for a merchant, with a role. Checked on every console request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    merchant = models.ForeignKey("tenants.Merchant", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=StaffRole.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "merchant"], name="uniq_membership")]

    def can(self, permission: StaffPerm) -> bool:
        """May this membership do `permission`? (a string outside the catalogue raises ValueError)"""
        return self.is_active and role_allows(self.role, permission)


class Distributor(models.Model):
    """A reseller organisation (travel agency, OTA) selling merchants' products."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        ACTIVE = "active", "正常"
        SUSPENDED = "suspended", "已停用"

    name = models.CharField(max_length=100, unique=True)
    contact_name = models.CharField(max_length=50, blank=True)
    contact_phone = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    merchants = models.ManyToManyField("tenants.Merchant", blank=True, related_name="authorised_distributors")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class DistributorMember(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "管理员"
        AGENT = "agent", "业务员"
        FINANCE = "finance", "财务"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="distributor_roles")
    distributor = models.ForeignKey(Distributor, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "distributor"], name="uniq_distributor_member")]


def hash_api_secret(secret: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256).hexdigest()


class ApiKey(models.Model):
    """A distributor's API key. Only a keyed hash of the secret is stored.

    The key is scoped to merchants: it reaches a merchant only when that merchant has
    authorised the distributor AND the key lists it.
    """

    distributor = models.ForeignKey(Distributor, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=50)
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    merchants = models.ManyToManyField("tenants.Merchant", blank=True, related_name="+")
    rate_limit_per_minute = models.PositiveIntegerField(default=600)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_api_secret(secret))

    def allows(self, merchant) -> bool:
        return (
            self.is_active
            and self.distributor.status == Distributor.Status.ACTIVE
            and self.merchants.filter(pk=merchant.pk).exists()
            and self.distributor.merchants.filter(pk=merchant.pk).exists()
        )


class LoginSession(models.Model):
    """One login of a user (OPS-ACC-08): a console/H5 browser session or an API token family.

    A browser session names its Django session key; an API session is the chain of rotated refresh
    tokens that carry its id in their `sid` claim. Revoking ends the Django session, blacklists the
    current refresh token and makes every access token of the chain fail at once.
    """

    class Kind(models.TextChoices):
        WEB = "web", "网页"
        API = "api", "App/API"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    scope = models.CharField(max_length=16, blank=True)
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    refresh_jti = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="login_session_user_live")]
