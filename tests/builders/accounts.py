"""People and tenants: users, merchants (with owner and clerk), platform operators."""

from django.conf import settings
from django.db import connection
from rest_framework_simplejwt.tokens import AccessToken

from shared_apps.accounts.models import MerchantMembership, User
from shared_apps.core.permissions import SCOPE_STAFF, SCOPE_TOURIST
from tenant_apps.storefront.services import ensure_profile
from tenants.models import Domain, Merchant
from tenants.utils import in_tenant

PASSWORD = "Travel#2026"


def make_user(username: str, **extra) -> User:
    """The user `username` (password PASSWORD), created on first use."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    return user


def make_merchant(slug: str, kind: str = "scenic", name: str | None = None) -> Merchant:
    """A provisioned merchant with a domain, an owner `<slug>_owner` and a clerk `<slug>_clerk`.
    Schemas are expensive: an existing one is re-attached (rows only). A merchant is made from the
    public schema (a test client's request to a merchant host leaves the connection in its schema,
    and a session fixture may run right after that test)."""
    connection.set_schema_to_public()
    merchant = Merchant.objects.filter(schema_name=slug).first()
    if merchant is None:
        merchant = Merchant(schema_name=slug, name=name or f"{slug} merchant", kind=kind)
        merchant.save(verbosity=0)  # creates the schema only if it does not exist yet
    Domain.objects.get_or_create(domain=f"{slug}.{settings.PLATFORM_HOST}",
                                 defaults={"tenant": merchant, "is_primary": True})
    owner = make_user(f"{slug}_owner")
    clerk = make_user(f"{slug}_clerk")
    MerchantMembership.objects.get_or_create(user=owner, merchant=merchant, defaults={"role": "owner"})
    MerchantMembership.objects.get_or_create(user=clerk, merchant=merchant, defaults={"role": "clerk"})
    if merchant.admin_user_id is None:
        merchant.admin_user = owner
        merchant.save(update_fields=["admin_user"])
    with in_tenant(merchant):
        ensure_profile(name=merchant.name)
    return merchant


def make_operator(username: str = "op_reviewer", role: str = "reviewer") -> User:
    """A platform operator (default: the reviewer `op_reviewer`)."""
    return make_user(username, operator_role=role)


def finance_operator() -> User:
    return make_operator("op_finance", role="finance")


def access_token(user, scope: str | None = None) -> str:
    """A JWT access token for `user`, of the scope its login would give (staff accounts: "staff")."""
    token = AccessToken.for_user(user)
    token["scope"] = scope or (SCOPE_STAFF if user.is_staff_account else SCOPE_TOURIST)
    return str(token)


def bearer(user, scope: str | None = None) -> dict:
    """Request headers carrying a JWT access token for `user` (of its login's scope unless given)."""
    return {"HTTP_AUTHORIZATION": f"Bearer {access_token(user, scope)}"}
