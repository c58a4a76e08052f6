"""The merchant registry: one Merchant per PostgreSQL schema, reached by its Domain(s)."""

from django.db import models
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name
from django_tenants.utils import schema_exists

from . import provisioning


class MerchantKind(models.TextChoices):
    PLATFORM = "platform", "平台"
    SCENIC = "scenic", "景区"
    HOTEL = "hotel", "酒店"
    RESTAURANT = "restaurant", "餐饮"
    SHOP = "shop", "特产商铺"


class MerchantStatus(models.TextChoices):
    ACTIVE = "active", "营业中"
    SUSPENDED = "suspended", "已停用"


class Merchant(TenantMixin):
    """A merchant (or the platform itself, schema `public`).

    Core info (admin account, corporate bank account, finance info) lives here, in the
    public schema, and changes only through an operator-reviewed CoreInfoChange.
    """

    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=MerchantKind.choices)
    status = models.CharField(max_length=16, choices=MerchantStatus.choices, default=MerchantStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    # Qualification (reviewed at onboarding).
    legal_name = models.CharField(max_length=200, blank=True)
    license_no = models.CharField(max_length=64, blank=True)
    contact_name = models.CharField(max_length=50, blank=True)
    contact_phone = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    # Core info: changes need operator review.
    admin_user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="administered_merchants"
    )
    bank_name = models.CharField(max_length=100, blank=True)
    bank_account_name = models.CharField(max_length=100, blank=True)
    bank_account_no = models.CharField(max_length=40, blank=True)
    tax_id = models.CharField(max_length=32, blank=True)
    invoice_title = models.CharField(max_length=200, blank=True)

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} ({self.schema_name})"

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """Clone the migrated template (tenants/provisioning.py); run the tenant migrations only
        when cloning is off or no template can be had here."""
        if sync_schema and provisioning.enabled() and not (check_if_exists and schema_exists(self.schema_name)):
            _check_schema_name(self.schema_name)
            if provisioning.clone(self.schema_name):
                return True
        return super().create_schema(check_if_exists=check_if_exists, sync_schema=sync_schema, verbosity=verbosity)

    @property
    def is_platform(self) -> bool:
        return self.schema_name == "public"

    @property
    def primary_host(self) -> str:
        domain = self.domains.filter(is_primary=True).first()
        return domain.domain if domain else ""


class Domain(DomainMixin):
    class Meta:
        ordering = ["id"]
