"""Catalog reads. Every function runs in the current schema: shared code calls them inside
`tenants.utils.in_tenant(merchant)`."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.catalog import errors

from .models import Channel, Facility, PackageItem, PricePolicy, Product, ProductKind

MAX_CALENDAR_DAYS = 92
DETAIL_CALENDAR_DAYS = 30


def today() -> date:
    return timezone.localdate()


def cap_per_tourist(product: Product) -> int:
    """Units one tourist may hold or buy of `product` per day: its own cap or the platform default."""
    return product.max_per_tourist or settings.TOURIST_MAX_UNITS_PER_PRODUCT_DAY


def get_product(product_id: int, *, on_shelf_only: bool = False) -> Product:
    """The product, or DomainError not_found (also when off shelf and `on_shelf_only`)."""
    qs = Product.objects.filter(pk=product_id)
    if on_shelf_only:
        qs = qs.filter(on_shelf=True)
    product = qs.first()
    if product is None:
        raise DomainError(errors.NOT_FOUND_PRODUCT_ON_SHELF)
    return product


def _policies(product: Product, channel: str) -> list[PricePolicy]:
    """The product's policies of `channel`, highest priority (then newest) first. Uses
    `prefetch_related("price_policies")` when the caller did it (lists)."""
    prefetched = getattr(product, "_prefetched_objects_cache", {}).get("price_policies")
    if prefetched is not None:
        rows = [p for p in prefetched if p.channel == channel]
        return sorted(rows, key=lambda p: (-p.priority, -p.pk))
    return list(PricePolicy.objects.filter(product=product, channel=channel).order_by("-priority", "-id"))


def _resolve(product: Product, policies: list[PricePolicy], day: date, channel: str) -> int:
    for policy in policies:  # ordered: highest priority first, newest first on a tie
        if policy.applies_on(day):
            return policy.price_fen
    if channel == Channel.DISTRIBUTOR and product.distributor_price_fen is not None:
        return product.distributor_price_fen
    return product.base_price_fen


def price_for(product: Product, day: date | None = None, channel: str = Channel.TOURIST) -> int:
    """The price in fen of `product` on `day` (default today) for `channel`.

    The highest-priority policy of that channel matching the date and weekday wins; without
    one, the distributor channel falls back to distributor_price_fen (when set), and every
    channel then to base_price_fen. A package is priced as a whole (its own base price or
    policies), never as the sum of its components.
    """
    if channel not in Channel.values:
        raise DomainError(errors.CHANNEL_INVALID)
    return _resolve(product, _policies(product, channel), day or today(), channel)


def price_calendar(product: Product, start: date, end: date, channel: str = Channel.TOURIST) -> list[dict]:
    """[{"date": day, "price_fen": n}] for every day from start to end inclusive (≤ 92 days)."""
    if channel not in Channel.values:
        raise DomainError(errors.CHANNEL_INVALID)
    if end < start:
        raise DomainError(errors.RANGE_INVALID)
    days = (end - start).days + 1
    if days > MAX_CALENDAR_DAYS:
        raise DomainError(errors.RANGE_TOO_LONG_DATE_LONGER_THAN, max_calendar_days=MAX_CALENDAR_DAYS)
    policies = _policies(product, channel)
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        result.append({"date": day, "price_fen": _resolve(product, policies, day, channel)})
    return result


def components_of(product: Product) -> list[tuple[Product, int]]:
    """What selling one `product` consumes: a package's components with their quantities,
    anything else is itself once."""
    if product.kind != ProductKind.PACKAGE:
        return [(product, 1)]
    prefetched = getattr(product, "_prefetched_objects_cache", {}).get("package_items")
    if prefetched is not None:
        return [(item.component, item.quantity) for item in sorted(prefetched, key=lambda i: i.pk)]
    items = PackageItem.objects.filter(package=product).select_related("component").order_by("id")
    return [(item.component, item.quantity) for item in items]


def products(*, kind: str | None = None, on_shelf: bool | None = None):
    qs = Product.objects.prefetch_related("facilities", "price_policies", "package_items__component").order_by("id")
    if kind:
        qs = qs.filter(kind=kind)
    if on_shelf is not None:
        qs = qs.filter(on_shelf=on_shelf)
    return qs


def goods_by_id(ids) -> dict[int, Product]:
    """The goods products among `ids`; any id that is not a goods product is a 400 `product_invalid`."""
    found = {p.pk: p for p in Product.objects.filter(pk__in=ids, kind=ProductKind.GOODS)}
    missing = sorted(set(ids) - set(found))
    if missing:
        raise DomainError(errors.PRODUCT_INVALID, details={"product_ids": missing})
    return found


def facilities():
    return Facility.objects.order_by("id")


def policies_of(product: Product):
    return PricePolicy.objects.filter(product=product).order_by("channel", "-priority", "-id")


def product_detail(product_id: int) -> dict | None:
    """What the marketplace shows of an on-shelf product, or None (missing or off shelf).

    Plain data only (no model instances), so shared code never holds tenant rows.
    """
    product = Product.objects.filter(pk=product_id, on_shelf=True).prefetch_related("facilities").first()
    if product is None:
        return None
    start = today()
    components = []
    if product.is_package:
        components = [{"product_id": c.pk, "name": c.name, "kind": c.kind, "quantity": qty}
                      for c, qty in components_of(product)]
    return {
        "product_id": product.pk,
        "kind": product.kind,
        "name": product.name,
        "subtitle": product.subtitle,
        "description": product.description,
        "inventory_mode": product.inventory_mode,
        "attributes": product.attributes,
        "sessions": product.sessions,
        "facilities": [{"id": f.pk, "name": f.name, "icon": f.icon} for f in product.facilities.all()],
        "components": components,
        "price_fen": price_for(product, start, Channel.TOURIST),
        "price_calendar": price_calendar(product, start, start + timedelta(days=DETAIL_CALENDAR_DAYS - 1),
                                         Channel.TOURIST),
    }
