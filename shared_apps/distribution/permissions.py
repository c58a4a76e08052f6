"""Who may call the distribution API.

- OCTO API: a distributor API key (never a user session).
- Distributor self-service (/api/v1/distributor/...): a signed-in member (session or JWT) of an
  active distributor, never an API key; each endpoint names a permission checked against the
  member's role (DST-SEC-05). A user in several distributors picks one with `X-Distributor-Id`.
- Operators: finance actions need the super_admin or finance operator role.
"""

from rest_framework.permissions import BasePermission

from shared_apps.accounts.models import Distributor, DistributorMember
from shared_apps.core.errors import ApiError

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
    """The acting member (cached on the request), or ApiError."""
    cached = getattr(request, "_distributor_member", None)
    if cached is not None:
        return cached
    user = request.user
    if getattr(user, "api_key", None) is not None:
        raise ApiError("member_required", "该接口需要分销商成员登录，不能使用 API 密钥",
                       "Sign in as a distributor member; API keys are not accepted here", 403)
    qs = DistributorMember.objects.filter(user=user).exclude(placement__is_active=False).select_related(
        "distributor")
    wanted = request.headers.get("X-Distributor-Id")
    if wanted:
        qs = qs.filter(distributor_id=int(wanted) if wanted.isdigit() else 0)
    members = list(qs[:2])
    if not members:
        raise ApiError("not_a_distributor", "您不是分销商成员", "Not a member of a distributor", 403)
    if len(members) > 1:
        raise ApiError("distributor_ambiguous", "您属于多个分销商，请用 X-Distributor-Id 指定",
                       "Member of several distributors: send X-Distributor-Id", 400)
    member = members[0]
    if member.distributor.status != Distributor.Status.ACTIVE:
        raise ApiError("distributor_suspended", "分销商账号已停用", "Distributor is suspended", 403)
    request._distributor_member = member
    return member


def member_can(permission: str):
    class MemberCan(BasePermission):
        def has_permission(self, request, view):
            if not request.user or not request.user.is_authenticated:
                return False
            member = member_of(request)
            if member.role not in DISTRIBUTOR_PERMISSIONS[permission]:
                raise ApiError("permission_denied", "您的角色没有该操作权限", "Your role may not do this", 403)
            return True

    MemberCan.__name__ = f"MemberCan_{permission.replace('.', '_')}"
    return MemberCan


class HasApiKey(BasePermission):
    def has_permission(self, request, view):
        if getattr(request.user, "api_key", None) is None:
            raise ApiError("api_key_required", "需要使用分销商 API 密钥", "A distributor API key is required", 403)
        return True


class IsFinanceOperator(BasePermission):
    message = "仅平台财务人员可以执行此操作"

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (
            user.is_superuser or getattr(user, "operator_role", "") in ("super_admin", "finance")))
