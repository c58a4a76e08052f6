"""Daily sales statistics of goods (EC-SHP-11), by the day the order was paid (Asia/Shanghai)."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.orders.models import OrderLine, OrderStatus
from tenant_apps.shop import errors

MAX_DAYS = 92
COUNTED = (OrderStatus.PAID, OrderStatus.USED, OrderStatus.SHIPPED, OrderStatus.COMPLETED,
           OrderStatus.REFUND_REQUESTED, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED)


def daily_sales(*, start: date, end: date) -> dict:
    if end < start or (end - start).days >= MAX_DAYS:
        raise DomainError(errors.RANGE_INVALID_BAD_DATE, max_days=MAX_DAYS)
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(datetime.combine(start, time.min), tz)
    hi = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    lines = OrderLine.objects.filter(kind="goods", order__paid_at__gte=lo, order__paid_at__lt=hi,
                                     order__status__in=COUNTED)
    per_day = {row["paid_day"]: row for row in lines.annotate(paid_day=TruncDate("order__paid_at", tzinfo=tz))
               .values("paid_day")
               .annotate(orders=Count("order_id", distinct=True), units=Sum("quantity"), gross=Sum("amount_fen"),
                         refunded=Sum(F("refunded_qty") * F("unit_price_fen")))}
    days = []
    for i in range((end - start).days + 1):
        d = start + timedelta(days=i)
        row = per_day.get(d) or {}
        gross, refunded = int(row.get("gross") or 0), int(row.get("refunded") or 0)
        days.append({"day": d, "orders": int(row.get("orders") or 0), "units": int(row.get("units") or 0),
                     "gross_fen": gross, "refunded_fen": refunded, "net_fen": gross - refunded})
    top = [{"product_id": r["product_id"], "name": r["product_name"], "units": int(r["units"]),
            "gross_fen": int(r["gross"])}
           for r in lines.values("product_id", "product_name").annotate(units=Sum("quantity"), gross=Sum("amount_fen"))
           .order_by("-gross", "product_id")[:10]]
    totals = {k: sum(d[k] for d in days) for k in ("orders", "units", "gross_fen", "refunded_fen", "net_fen")}
    return {"start": start, "end": end, "days": days, "totals": totals, "top_products": top}
