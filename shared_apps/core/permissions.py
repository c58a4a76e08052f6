"""DRF permissions for platform operators. Merchant staff permissions (the StaffPerm catalogue,
TenantScoped, staff_can, StaffPerms) live in shared_apps.accounts.permissions."""

from django.db import connection
from rest_framework.permissions import BasePermission
from rest_framework_simplejwt.tokens import Token

from . import failures
from .failures import DomainError

# The `scope` claim of a JWT: the tourist login mints "tourist" tokens, the staff login "staff"
# (shared_apps.accounts.tokens). A token without the claim is a tourist's.
SCOPE_TOURIST = "tourist"
SCOPE_STAFF = "staff"


def token_scope(request) -> str | None:
    """The scope of the request's JWT, or None when it did not come with one (session, API key)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, Token):
        return auth.get("scope", SCOPE_TOURIST)
    return None


def staff_credential(request) -> bool:
    """A browser session or a staff-scope token. A token from the tourist login is refused with
    `token_scope` (DomainError, 403), so the caller learns which login to use."""
    if token_scope(request) in (None, SCOPE_STAFF):
        return True
    raise DomainError(failures.TOKEN_SCOPE)


def on_merchant_host(request) -> bool:
    return connection.schema_name != "public"


class IsOperator(BasePermission):
    message = "仅平台运营人员可以访问"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and getattr(request.user, "is_operator", False)
                    and staff_credential(request))


class IsReviewer(IsOperator):
    message = "仅平台审核员可以执行审核"

    def has_permission(self, request, view):
        return super().has_permission(request, view) and (
            request.user.is_superuser or request.user.operator_role in ("super_admin", "reviewer")
        )
