"""Small helpers shared by the hotel, dining and shop merchant APIs."""

from datetime import date

from django.utils import timezone
from rest_framework import permissions

from shared_apps.core.errors import ApiError
from shared_apps.core.permissions import TenantScoped, staff_can

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class StaffPerms:
    """Reads need `read_perm` (default console.view), writes `write_perm`. API keys never pass."""

    read_perm = "console.view"
    write_perm = "fulfil.handle"

    def get_permissions(self):
        perm = self.read_perm if self.request.method in READ_METHODS else self.write_perm
        return [permissions.IsAuthenticated(), TenantScoped(), staff_can(perm)()]


def parse_day(value, name: str = "day", default: date | None = None) -> date | None:
    if value in (None, ""):
        return default
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ApiError("date_invalid", f"日期格式应为 YYYY-MM-DD（{name}）", f"Bad date in {name}") from None


def today() -> date:
    return timezone.localdate()


def int_param(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError("invalid", f"参数 {name} 应为整数", f"{name} must be an integer") from None


def actor(request) -> str:
    return request.user.username
