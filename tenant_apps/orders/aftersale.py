"""The return window of completed goods orders (EC-SHP-09, 七天无理由退货).

A completed order (the tourist confirmed receipt) may still ask for a return or a refund while
`completed_at + return days` has not passed. Return days: the smallest `return_days` attribute
of the order's goods products (0 = this product takes no returns without reason), otherwise
settings.SHOP_RETURN_WINDOW_DAYS (7).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.orders import errors

DEFAULT_DAYS = 7


def return_days(order) -> int | None:
    """None when the order has no goods (nothing to send back)."""
    default = int(getattr(settings, "SHOP_RETURN_WINDOW_DAYS", DEFAULT_DAYS))
    days = []
    for line in order.lines.filter(kind="goods").select_related("product"):
        value = (line.product.attributes or {}).get("return_days")
        days.append(default if value in (None, "") else max(0, int(value)))
    return min(days) if days else None


def return_deadline(order) -> datetime | None:
    days = return_days(order)
    if days is None or order.completed_at is None:
        return None
    return order.completed_at + timedelta(days=days)


def window_open(order, now: datetime | None = None) -> bool:
    deadline = return_deadline(order)
    return deadline is not None and (now or timezone.now()) < deadline


def check_return_window(order, now: datetime | None = None) -> None:
    """Raise unless a completed order may still be returned / refunded."""
    days = return_days(order)
    if days is None:
        raise DomainError(errors.REFUND_NOT_ALLOWED)
    if not window_open(order, now):
        raise DomainError(errors.RETURN_WINDOW_CLOSED,
                          details={"return_days": days, "completed_at": order.completed_at.isoformat()
                                if order.completed_at else None},
                          days=days)
