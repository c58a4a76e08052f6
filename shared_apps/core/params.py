"""Small request-parameter helpers shared by the merchant APIs and console pages."""

from datetime import date

from django.utils import timezone

from .errors import ApiError


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
