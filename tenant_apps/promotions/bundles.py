"""Bundle discounts (EC-SHP-06): "buy N from this set, get X fen off", as a pure function.

best_discount() is deterministic and side-effect free: offers are tried best rate first
(discount per unit, then the bigger discount, then the lower id); each applies as many
times as the remaining units allow, and a unit counts toward one offer only. A bundle never
takes off more than the units it consumes cost. `discount_for_lines` is the hook order pricing
(tenant_apps.orders.discounts) calls inside the merchant schema (see docs/fulfilment.md);
`save_bundle` / `bundle_row` administer the offers (the shop console and API).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.catalog import selectors as catalog
from tenant_apps.catalog.models import Product, ProductKind
from tenant_apps.promotions import errors

from .models import BundleOffer


@dataclass(frozen=True)
class Offer:
    id: int
    name: str
    product_ids: frozenset
    min_quantity: int
    discount_fen: int


@dataclass(frozen=True)
class Line:
    product_id: int
    quantity: int
    unit_price_fen: int


def best_discount(lines: list[Line], offers: list[Offer]) -> dict:
    units: list[list] = []  # [product_id, unit_price] per unit, dearest first within a product
    for line in lines:
        units += [[line.product_id, line.unit_price_fen]] * max(0, line.quantity)
    pool = sorted(units, key=lambda u: (-u[1], u[0]))
    applied, total = [], 0
    ranked = sorted((o for o in offers if o.min_quantity >= 1 and o.discount_fen > 0),
                    key=lambda o: (-o.discount_fen / o.min_quantity, -o.discount_fen, o.id))
    for offer in ranked:
        times = discount = 0
        while True:
            picked = [u for u in pool if u[0] in offer.product_ids][:offer.min_quantity]
            if len(picked) < offer.min_quantity:
                break
            for u in picked:
                pool.remove(u)
            times += 1
            discount += min(offer.discount_fen, sum(u[1] for u in picked))
        if times:
            applied.append({"offer_id": offer.id, "name": offer.name, "times": times, "discount_fen": discount})
            total += discount
    subtotal = sum(ln.unit_price_fen * ln.quantity for ln in lines)
    return {"subtotal_fen": subtotal, "discount_fen": total, "total_fen": subtotal - total, "applied": applied}


def active_offers(day: date | None = None) -> list[Offer]:
    day = day or timezone.localdate()
    qs = BundleOffer.objects.filter(is_active=True).filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)).prefetch_related("products")
    return [Offer(o.pk, o.name, frozenset(p.pk for p in o.products.all()), o.min_quantity, o.discount_fen)
            for o in qs]


def preview(items: list[dict], channel: str = "tourist") -> dict:
    """Price [{"product_id", "quantity"}] of on-shelf goods today and apply the active offers."""
    products = {p.pk: p for p in Product.objects.filter(pk__in=[i["product_id"] for i in items],
                                                         kind=ProductKind.GOODS, on_shelf=True)}
    lines = []
    for item in items:
        product = products.get(item["product_id"])
        if product is None:
            raise DomainError(errors.PRODUCT_UNAVAILABLE_GOODS, details={"product_id": item["product_id"]})
        lines.append(Line(product.pk, int(item["quantity"]), catalog.price_for(product, None, channel)))
    result = best_discount(lines, active_offers())
    result["lines"] = [{"product_id": ln.product_id, "quantity": ln.quantity, "unit_price_fen": ln.unit_price_fen}
                       for ln in lines]
    return result


def discount_for_lines(lines, unit_prices: list[int]) -> int:
    """THE checkout hook: orders.LineInput-like lines (product_id, quantity) with their unit
    prices -> fen off the merchant order. Call inside the merchant schema."""
    return best_discount([Line(ln.product_id, ln.quantity, p) for ln, p in zip(lines, unit_prices, strict=True)],
                         active_offers())["discount_fen"]


@transaction.atomic
def save_bundle(*, bundle_id: int | None = None, name: str, product_ids: list[int], min_quantity: int,
                discount_fen: int, is_active: bool = True, valid_from=None, valid_until=None) -> BundleOffer:
    """Create (or, with `bundle_id`, replace) a bundle offer over goods products (EC-SHP-06)."""
    if min_quantity < 2 or discount_fen <= 0:
        raise DomainError(errors.BUNDLE_INVALID)
    if not product_ids:
        raise DomainError(errors.BUNDLE_INVALID_PICK_PRODUCTS)
    if valid_from and valid_until and valid_until < valid_from:
        raise DomainError(errors.RANGE_INVALID_END_BEFORE_START)
    products = catalog.goods_by_id(product_ids)
    if bundle_id:
        offer = BundleOffer.objects.select_for_update().filter(pk=bundle_id).first()
        if offer is None:
            raise DomainError(errors.BUNDLE_NOT_FOUND)
    else:
        offer = BundleOffer()
    offer.name, offer.min_quantity, offer.discount_fen = name[:100], min_quantity, discount_fen
    offer.is_active, offer.valid_from, offer.valid_until = is_active, valid_from, valid_until
    offer.save()
    offer.products.set(products.values())
    return offer


def bundle_row(o: BundleOffer) -> dict:
    return {"id": o.pk, "name": o.name, "product_ids": sorted(p.pk for p in o.products.all()),
            "min_quantity": o.min_quantity, "discount_fen": o.discount_fen, "is_active": o.is_active,
            "valid_from": o.valid_from, "valid_until": o.valid_until}
