"""The one distributor pricing function (DST-DIS-03).

A distributor's net unit price starts from the merchant's catalog "distributor" channel price
(`orders.unit_price(product, line, "distributor")`: distributor_price_fen and dated
channel="distributor" price policies). Merchant discount policies (models.DiscountPolicy) may
lower it. Applicable policies:

- active, of this merchant, targeting this distributor's ACTIVE contract or its level
  (DistributorProfile.level);
- product scope empty or listing the product;
- the price day (the line's day — the arrival day for rooms — or today for undated lines)
  within [valid_from, valid_until] and its weekday in `weekdays` (0 = every day).

Each applicable policy prices the unit with its value, or with its best group tier (the
highest `min_units` ≤ the booking's total units): percent off the channel price (rounded half
up to the fen) or a fixed net price (× nights for rooms), never below 0.

**Rule:** the lowest price wins; ties go to the contract policy over the level policy, then to
a product-scoped policy over an all-products one, then to the lower policy id. A policy that
does not beat the channel price is not applied (policy id None), so a discount policy never
raises a price.

Call inside `in_tenant(merchant)` (catalog prices live in the merchant's schema).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from tenant_apps.catalog import selectors as catalog
from tenant_apps.orders import services as orders

from ..models import ContractStatus, DiscountPolicy, DistributorProfile


@dataclass(frozen=True)
class Quote:
    unit_fen: int
    policy_id: int | None
    base_fen: int


def policies_for(distributor_id: int, merchant) -> list[DiscountPolicy]:
    """Active policies of `merchant` that target this distributor (contract or level), tiers prefetched."""
    level_id = DistributorProfile.objects.filter(distributor_id=distributor_id).values_list("level_id",
                                                                                           flat=True).first()
    target = Q(contract__distributor_id=distributor_id, contract__status=ContractStatus.ACTIVE)
    if level_id:
        target |= Q(level_id=level_id)
    return list(DiscountPolicy.objects.filter(target, merchant=merchant, is_active=True)
                .prefetch_related("tiers").order_by("id"))


def applies(policy: DiscountPolicy, product_id: int, day: date) -> bool:
    if policy.product_ids and product_id not in policy.product_ids:
        return False
    if policy.valid_from and day < policy.valid_from:
        return False
    if policy.valid_until and day > policy.valid_until:
        return False
    return not policy.weekdays or bool(policy.weekdays & (1 << day.weekday()))


def value_for(policy: DiscountPolicy, units: int):
    """(percent_off, net_price_fen) of the policy, or of its best group tier for `units`."""
    best = None
    for tier in policy.tiers.all():
        if tier.min_units <= units and (best is None or tier.min_units > best.min_units):
            best = tier
    src = best or policy
    return src.percent_off, src.net_price_fen


def apply_value(base_fen: int, percent_off, net_price_fen, nights: int = 1) -> int:
    if percent_off is not None:
        factor = (Decimal(100) - Decimal(percent_off)) / Decimal(100)
        return max(0, int((Decimal(base_fen) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
    return max(0, int(net_price_fen) * max(1, nights))


def quote(policies: list[DiscountPolicy], product, day: date, base_fen: int, *, units: int = 1,
          nights: int = 1) -> Quote:
    """Pick the best applicable policy among `policies` (see the module rule)."""
    best_key, best = None, Quote(base_fen, None, base_fen)
    for policy in policies:
        if not applies(policy, product.pk, day):
            continue
        percent, fixed = value_for(policy, units)
        price = apply_value(base_fen, percent, fixed, nights if product.kind == "room" else 1)
        if price >= base_fen:
            continue
        key = (price, 0 if policy.contract_id else 1, 0 if policy.product_ids else 1, policy.pk)
        if best_key is None or key < best_key:
            best_key, best = key, Quote(price, policy.pk, base_fen)
    return best


def net_unit_price(distributor_id: int, merchant, product, line, *, units: int | None = None,
                   base_fen: int | None = None, policies: list[DiscountPolicy] | None = None) -> tuple[int, int | None]:
    """(net unit price in fen, DiscountPolicy id or None) for one order line of this distributor.

    `units` is the booking's total units for group tiers (default: the line's quantity);
    `base_fen` the channel unit price when the caller has it; `policies` a prefetched
    `policies_for(...)` list for loops. Call inside in_tenant(merchant)."""

    if base_fen is None:
        base_fen = orders.unit_price(product, line, "distributor")
    if policies is None:
        policies = policies_for(distributor_id, merchant)
    if not policies:
        return base_fen, None
    day = line.day or catalog.today()
    q = quote(policies, product, day, base_fen, units=units or line.quantity, nights=line.nights or 1)
    return q.unit_fen, q.policy_id


def group_rates(policies: list[DiscountPolicy], product, day: date, base_fen: int) -> list[dict]:
    """The unit price from each tier threshold of the applicable policies (for listings)."""
    thresholds = sorted({t.min_units for p in policies if applies(p, product.pk, day) for t in p.tiers.all()})
    rows = []
    for units in thresholds:
        q = quote(policies, product, day, base_fen, units=units)
        rows.append({"min_units": units, "net_price_fen": q.unit_fen, "discount_policy_id": q.policy_id})
    return rows
