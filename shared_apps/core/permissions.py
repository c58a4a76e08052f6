"""DRF permissions. TenantScoped is a default: on a merchant host only that merchant's
staff, a platform super-admin, or an API key scoped to that merchant get through."""

from django.db import connection
from rest_framework.permissions import BasePermission

from tenants.middleware import staff_membership


def on_merchant_host(request) -> bool:
    return connection.schema_name != "public"


class TenantScoped(BasePermission):
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


class IsOperator(BasePermission):
    message = "仅平台运营人员可以访问"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and getattr(request.user, "is_operator", False))


class IsReviewer(IsOperator):
    message = "仅平台审核员可以执行审核"

    def has_permission(self, request, view):
        return super().has_permission(request, view) and (
            request.user.is_superuser or request.user.operator_role in ("super_admin", "reviewer")
        )


def staff_can(permission: str):
    """Permission class factory: the merchant staff role must allow `permission`."""

    class StaffCan(BasePermission):
        message = "您的岗位没有该操作权限"

        def has_permission(self, request, view):
            if not on_merchant_host(request) or not request.user.is_authenticated:
                return False
            if getattr(request.user, "api_key", None) is not None:
                return False  # distributor keys never act as merchant staff
            if request.user.is_superuser:
                return True
            membership = getattr(request, "membership", None) or staff_membership(request.user, request.tenant)
            return bool(membership and membership.can(permission))

    StaffCan.__name__ = f"StaffCan_{permission.replace('.', '_')}"
    return StaffCan
