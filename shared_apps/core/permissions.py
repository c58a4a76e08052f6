"""DRF permissions for platform operators. Merchant staff permissions (the StaffPerm catalogue,
TenantScoped, staff_can, StaffPerms) live in shared_apps.accounts.permissions."""

from django.db import connection
from rest_framework.permissions import BasePermission


def on_merchant_host(request) -> bool:
    return connection.schema_name != "public"


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
