"""Who may call the distribution API.

- OCTO API: a distributor API key (never a user session).
- Distributor self-service (/api/v1/distributor/...): a signed-in member (session or JWT) of an
  active distributor, never an API key; each endpoint names a permission checked against the
  member's role (DST-SEC-05). A user in several distributors picks one with `X-Distributor-Id`.
- Operators: finance actions need the super_admin or finance operator role.
"""

from rest_framework.permissions import BasePermission

from shared_apps.accounts.models import Distributor, DistributorMember
from shared_apps.core.failures import DomainError
from shared_apps.core.permissions import IsOperator
from shared_apps.distribution import errors

ALL = {"admin", "agent", "finance"}
DISTRIBUTOR_PERMISSIONS = {
    "profile.view": ALL,
    "profile.edit": {"admin"},
    "members.manage": {"admin"},
    "keys.manage": {"admin"},
    "contracts.manage": {"admin", "agent"},
    "bookings.view": ALL,
    "finance.view": {"admin", "finance"},
    "finance.manage": {"admin", "finance"},
    "alerts.view": ALL,
    "oplog.view": {"admin"},
    "referrals.view": {"admin", "agent"},
    "prices.view": ALL,  # effective discount-policy prices (DST-DIS-03)
    "crm.view": {"admin", "agent"},  # member list / detail / reminders (DST-MEM-01/03)
    "crm.edit": {"admin", "agent"},  # tags, notes, follow-ups
    "crm.export": {"admin"},  # CSV export of the member list
}


def member_of(request) -> DistributorMember:
    """The acting member (cached on the request), or DomainError."""
    cached = getattr(request, "_distributor_member", None)
    if cached is not None:
        return cached
    user = request.user
    if getattr(user, "api_key", None) is not None:
        raise DomainError(errors.MEMBER_REQUIRED)
    qs = DistributorMember.objects.filter(user=user).exclude(placement__is_active=False).select_related(
        "distributor")
    wanted = request.headers.get("X-Distributor-Id")
    if wanted:
        qs = qs.filter(distributor_id=int(wanted) if wanted.isdigit() else 0)
    members = list(qs[:2])
    if not members:
        raise DomainError(errors.NOT_A_DISTRIBUTOR)
    if len(members) > 1:
        raise DomainError(errors.DISTRIBUTOR_AMBIGUOUS)
    member = members[0]
    if member.distributor.status != Distributor.Status.ACTIVE:
        raise DomainError(errors.DISTRIBUTOR_SUSPENDED)
    request._distributor_member = member
    return member


def member_can(permission: str):
    class MemberCan(BasePermission):
        def has_permission(self, request, view):
            if not request.user or not request.user.is_authenticated:
                return False
            member = member_of(request)
            if member.role not in DISTRIBUTOR_PERMISSIONS[permission]:
                raise DomainError(errors.PERMISSION_DENIED_YOUR_ROLE_MAY)
            return True

    MemberCan.__name__ = f"MemberCan_{permission.replace('.', '_')}"
    return MemberCan


class HasApiKey(BasePermission):
    def has_permission(self, request, view):
        if getattr(request.user, "api_key", None) is None:
            raise DomainError(errors.API_KEY_REQUIRED)
        return True


class IsFinanceOperator(IsOperator):
    message = "仅平台财务人员可以执行此操作"

    def has_permission(self, request, view):
        user = request.user
        return super().has_permission(request, view) and (
            user.is_superuser or getattr(user, "operator_role", "") in ("super_admin", "finance"))
