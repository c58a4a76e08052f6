"""Reads behind the tourist H5 pages. Merchant data is read only through the tenant apps'
selectors/services inside `in_tenant(merchant)`; results are plain dicts."""

from collections import OrderedDict, defaultdict
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from shared_apps.checkout.models import CartItem, OrderIndex
from shared_apps.checkout.selectors import my_order_index
from shared_apps.checkout.services import Item
from shared_apps.marketplace import selectors as market
from tenant_apps.catalog import selectors as catalog
from tenant_apps.inventory.selectors import availability
from tenant_apps.orders.pay_later import pay_at_merchant_summary
from tenant_apps.orders.selectors import order_detail, order_for_user
from tenant_apps.tickets import selectors as tickets
from tenants.models import Merchant, MerchantKind, MerchantStatus
from tenants.utils import active_merchant, for_each_tenant, in_tenant

CATEGORIES = OrderedDict([
    ("tickets", {"label": "门票", "kinds": ["ticket", "package"], "icon": "🎫"}),
    ("hotels", {"label": "酒店", "kinds": ["room"], "icon": "🏨"}),
    ("dining", {"label": "美食", "kinds": ["dish"], "icon": "🍜"}),
    ("specialties", {"label": "特产", "kinds": ["goods"], "icon": "🎁"}),
])

# Order-centre tabs: key -> (label, statuses); "" is everything.
ORDER_TABS = OrderedDict([
    ("", ("全部", None)),
    ("unpaid", ("待支付", ["pending_payment"])),
    ("paid", ("待使用", ["paid", "confirmed"])),  # confirmed: 到店付款, booked
    ("done", ("已完成", ["used", "shipped", "completed"])),
    ("refund", ("退款/售后", ["refund_requested", "partially_refunded", "refunded"])),
    ("cancelled", ("已取消", ["cancelled"])),
])
UNSPENT_STATUSES = ("pending_payment", "confirmed", "cancelled")  # confirmed: to be paid at the hotel
HOME_CACHE_SECONDS = 120
CALENDAR_DAYS = 30


# ---- browsing --------------------------------------------------------------------------------

def merchants() -> list[Merchant]:
    """Active merchants (not the platform), by kind then name."""
    return list(Merchant.objects.exclude(schema_name="public").filter(status=MerchantStatus.ACTIVE)
                .order_by("kind", "name"))


def listings(*, category: str | None = None, q: str = "", merchant: str | None = None):
    """On-shelf listings of a category (or every kind) matching `q`, optionally of one merchant."""
    qs = market.visible_listings(q=q.strip() or None, merchant=merchant)
    if category:
        qs = qs.filter(kind__in=CATEGORIES[category]["kinds"])
    return qs


def _special_rows() -> list[dict]:
    """Products whose tourist price today (price policies) is below their base price."""

    rows = []
    for merchant in for_each_tenant():
        for product in catalog.products(on_shelf=True)[:200]:
            price = catalog.price_for(product)
            if price < product.base_price_fen:
                rows.append({"merchant": merchant.schema_name, "merchant_name": merchant.name,
                             "product_id": product.pk, "name": product.name, "subtitle": product.subtitle,
                             "kind": product.kind, "price_fen": price, "base_price_fen": product.base_price_fen})
    rows.sort(key=lambda r: (r["price_fen"] / max(r["base_price_fen"], 1), r["price_fen"]))
    return rows


def _hot_rows() -> list[dict]:
    """On-shelf products ranked by units sold (all dated slots and stock)."""

    rows = []
    for merchant in for_each_tenant():
        for product in catalog.products(on_shelf=True)[:100]:
            sold = sum(slot["sold"] for slot in availability(product_id=product.pk))
            left = sum(slot["left"] for slot in availability(product_id=product.pk, start=timezone.localdate()))
            rows.append({"merchant": merchant.schema_name, "merchant_name": merchant.name,
                         "product_id": product.pk, "name": product.name, "subtitle": product.subtitle,
                         "kind": product.kind, "price_fen": catalog.price_for(product),
                         "base_price_fen": product.base_price_fen, "sold": sold, "left": left})
    rows.sort(key=lambda r: (-r["sold"], r["price_fen"]))
    return rows


def home_sections(limit: int = 6) -> dict:
    """每日特卖 (policy price below base price today) and 限时抢购 (best sellers), cached briefly."""
    key = f"web:home:{timezone.localdate().isoformat()}"
    data = cache.get(key)
    if data is None:
        data = {"specials": _special_rows()[:limit], "hot": _hot_rows()[:limit]}
        cache.set(key, data, HOME_CACHE_SECONDS)
    return data


def product_page(schema: str, product_id: int) -> dict | None:
    """Detail, 30-day price calendar merged with availability, or None (missing/off shelf)."""

    merchant = active_merchant(schema)
    if merchant is None:
        return None
    today = timezone.localdate()
    with in_tenant(merchant):
        detail = catalog.product_detail(product_id)
        if detail is None:
            return None
        slots = availability(product_id=product_id, start=today, end=today + timedelta(days=CALENDAR_DAYS - 1))
        stock = [s for s in availability(product_id=product_id) if s["day"] is None]
    by_day: dict[date, list[dict]] = defaultdict(list)
    for slot in slots:
        by_day[slot["day"]].append(slot)
    dated = detail["inventory_mode"] == "dated"
    calendar = []
    for row in detail["price_calendar"]:
        day_slots = by_day.get(row["date"], [])
        left = sum(s["left"] for s in day_slots) if day_slots else None
        calendar.append({
            "date": row["date"], "price_fen": row["price_fen"], "left": left,
            "sessions": [{"session": s["session"], "left": s["left"]} for s in day_slots if s["session"]],
            # Without any slot (e.g. a package) the day is checked at checkout instead.
            "open": (left or 0) > 0 if slots else True,
            "cheap": row["price_fen"] < detail["price_fen"],
        })
    detail.update(
        merchant={"schema": merchant.schema_name, "name": merchant.name, "kind": merchant.kind,
                  "address": merchant.address},
        calendar=calendar if dated else [],
        stock_left=stock[0]["left"] if stock else None,
        dated=dated,
        first_open_day=next((c["date"] for c in calendar if c["open"]), None) if dated else None,
    )
    return detail


def sessions_left(schema: str, product_id: int, day: date) -> list[dict]:
    """[{session, left}] for one day of a product with sessions."""

    merchant = active_merchant(schema)
    if merchant is None:
        return []
    with in_tenant(merchant):
        return [{"session": s["session"], "left": s["left"]}
                for s in availability(product_id=product_id, start=day, end=day) if s["session"]]


# ---- cart and quotes -------------------------------------------------------------------------

def cart_lines(user) -> list[tuple[int, Item]]:
    return [(ci.pk, Item(ci.merchant.schema_name, ci.product_id, ci.quantity, ci.day, ci.session, ci.nights))
            for ci in CartItem.objects.filter(cart__user=user).select_related("merchant").order_by("merchant_id",
                                                                                                 "id")]


def my_orders(user, *, tab: str = "", q: str = ""):
    """The user's orders across merchants (the public OrderIndex), by tab and fuzzy words."""
    qs = OrderIndex.objects.filter(user=user).select_related("merchant")
    statuses = ORDER_TABS.get(tab, ORDER_TABS[""])[1]
    if statuses:
        qs = qs.filter(status__in=statuses)
    for word in q.lower().split()[:5]:
        qs = qs.filter(Q(search_text__contains=word))
    return qs


def my_order(user, schema: str, order_no: str) -> dict | None:
    """One of the user's orders in full (from the merchant schema), or None (not the user's)."""

    index = my_order_index(user, schema, order_no)
    if index is None:
        return None
    with in_tenant(index.merchant):
        order = order_for_user(order_no=order_no, user_id=user.pk)
        if order is None:
            return None
        data = order_detail(order)
        data["tickets"] = order_tickets(order)
        data["pay_later"] = pay_at_merchant_summary(order)  # 到店付款: free-cancel cut-off
    data.update(merchant=index.merchant.schema_name, merchant_name=index.merchant.name,
                merchant_kind=index.merchant.kind, index=index)
    return data


def order_tickets(order) -> list[dict]:
    """E-tickets of an order with their signed QR payloads (inside the merchant schema)."""
    if order.user_id is None:
        return []
    return [t for t in tickets.tickets_for_user(order.user_id) if t["order_no"] == order.order_no]


# ---- spending statistics (EC-ACC-08) ---------------------------------------------------------

def _month_key(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def spending(user, *, months: int = 12) -> dict:
    """Money actually spent (paid minus refunded) per month (last `months`) and per category."""
    rows = (OrderIndex.objects.filter(user=user).exclude(status__in=UNSPENT_STATUSES)
            .values_list("merchant__kind", "created_at", "total_fen", "refunded_fen"))
    this_month = timezone.localdate().replace(day=1)
    keys = []
    cursor = this_month
    for _ in range(months):
        keys.append(_month_key(cursor))
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    keys.reverse()
    by_month = OrderedDict((k, 0) for k in keys)
    labels = dict(MerchantKind.choices)
    by_kind: dict[str, int] = OrderedDict()
    total = count = 0
    for kind, created_at, total_fen, refunded_fen in rows:
        spent = total_fen - refunded_fen
        total += spent
        count += 1
        month = _month_key(timezone.localtime(created_at).date())
        if month in by_month:
            by_month[month] += spent
        label = labels.get(kind, kind)
        by_kind[label] = by_kind.get(label, 0) + spent
    return {
        "total_fen": total, "order_count": count,
        "months": [{"month": k, "amount_fen": v} for k, v in by_month.items()],
        "kinds": [{"kind": k, "amount_fen": v} for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])],
    }
