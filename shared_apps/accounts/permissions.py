"""Merchant staff permissions: the one catalogue (StaffPerm), what each staff role may do, and the
DRF permission classes that check them (ground layer: every app's API and console use these).

A permission is a `StaffPerm` member, never a bare string: a misspelt name is an AttributeError
where it is written, and `role_allows` refuses any string outside the catalogue (ValueError), so a
typo never silently denies or grants.
"""

from enum import StrEnum

from rest_framework import permissions

from shared_apps.core.permissions import on_merchant_host, staff_credential


class StaffPerm(StrEnum):
    CONSOLE_VIEW = "console.view"
    PROFILE_EDIT = "profile.edit"
    STAFF_MANAGE = "staff.manage"
    CORE_CHANGE = "core.change"
    FINANCE_VIEW = "finance.view"
    CATALOG_EDIT = "catalog.edit"
    ORDERS_HANDLE = "orders.handle"
    DISTRIBUTION_MANAGE = "distribution.manage"
    TICKETS_REDEEM = "tickets.redeem"
    TICKETS_MANAGE = "tickets.manage"
    TICKETS_STATS = "tickets.stats"
    FULFIL_SETUP = "fulfil.setup"
    FULFIL_HANDLE = "fulfil.handle"
    CASHIER_SETTLE = "cashier.settle"
    FINANCE_RECONCILE = "finance.reconcile"


P = StaffPerm
# What each merchant staff role (accounts.models.StaffRole) may do in its console.
STAFF_PERMISSIONS: dict[StaffPerm, frozenset[str]] = {
    P.CONSOLE_VIEW: frozenset({"owner", "manager", "finance", "clerk", "scanner"}),
    P.PROFILE_EDIT: frozenset({"owner", "manager"}),
    P.STAFF_MANAGE: frozenset({"owner", "manager"}),
    P.CORE_CHANGE: frozenset({"owner"}),
    P.FINANCE_VIEW: frozenset({"owner", "finance"}),
    P.CATALOG_EDIT: frozenset({"owner", "manager"}),
    P.ORDERS_HANDLE: frozenset({"owner", "manager", "clerk"}),
    P.DISTRIBUTION_MANAGE: frozenset({"owner", "manager"}),
    P.TICKETS_REDEEM: frozenset({"owner", "manager", "clerk", "scanner"}),
    P.TICKETS_MANAGE: frozenset({"owner", "manager"}),
    P.TICKETS_STATS: frozenset({"owner", "manager", "finance"}),
    P.FULFIL_SETUP: frozenset({"owner", "manager"}),
    P.FULFIL_HANDLE: frozenset({"owner", "manager", "clerk"}),
    P.CASHIER_SETTLE: frozenset({"owner", "manager", "finance", "clerk"}),
    P.FINANCE_RECONCILE: frozenset({"owner", "finance"}),
}
assert set(STAFF_PERMISSIONS) == set(StaffPerm), "every StaffPerm names its roles"
READ_METHODS = ("GET", "HEAD", "OPTIONS")


def role_allows(role: str, permission: StaffPerm) -> bool:
    """May a staff role do `permission`? A string outside the catalogue raises ValueError."""
    return role in STAFF_PERMISSIONS[StaffPerm(permission)]


def staff_membership(user, merchant):
    """The user's active MerchantMembership of `merchant`, or None (through the user's reverse
    relation, so this module needs no model import and accounts.models may import it)."""
    if not user.is_authenticated:
        return None
    return user.memberships.filter(merchant=merchant, is_active=True).first()


class TenantScoped(permissions.BasePermission):
    """The API default: on a merchant host only that merchant's staff, a platform super-admin, or
    an API key scoped to that merchant get through."""

    message = "您无权访问该商户的数据"

    def has_permission(self, request, view):
        if not on_merchant_host(request):
            return True
        user = request.user
        if not user or not user.is_authenticated:
            return True  # let IsAuthenticated (or AllowAny views) decide
        api_key = getattr(user, "api_key", None)
        if api_key is not None:
            return api_key.allows(request.tenant)
        if user.is_superuser:
            return True
        request.membership = staff_membership(user, request.tenant)
        return request.membership is not None


def staff_can(permission: StaffPerm):
    """Permission class factory: the merchant staff role must allow `permission`."""
    permission = StaffPerm(permission)

    class StaffCan(permissions.BasePermission):
        message = "您的岗位没有该操作权限"

        def has_permission(self, request, view):
            if not on_merchant_host(request) or not request.user.is_authenticated:
                return False
            if getattr(request.user, "api_key", None) is not None:
                return False  # distributor keys never act as merchant staff
            if request.user.is_superuser:
                allowed = True
            else:
                membership = getattr(request, "membership", None) or staff_membership(request.user, request.tenant)
                allowed = bool(membership and membership.can(permission))
            return allowed and staff_credential(request)  # a token from the tourist login never acts as staff

    StaffCan.__name__ = f"StaffCan_{permission.value.replace('.', '_')}"
    return StaffCan


class StaffPerms:
    """View mixin: reads need `read_perm`, writes `write_perm`. API keys never pass."""

    read_perm = StaffPerm.CONSOLE_VIEW
    write_perm = StaffPerm.FULFIL_HANDLE

    def get_permissions(self):
        perm = self.read_perm if self.request.method in READ_METHODS else self.write_perm
        return [permissions.IsAuthenticated(), TenantScoped(), staff_can(perm)()]
