"""Order discounts (EC-SHP-06 bundle offers, EC-SHP-07 merchant coupons) and what a refunded
unit really paid.

Convention: `Order.total_fen = sum(line.amount_fen) - Order.discount_fen` and
`Order.discount_fen = sum(line.discount_fen)` (checked at commit by the deferred constraint
trigger of migration orders 0003). Discounts apply to tourist-channel orders only: the bundle
offer to the goods lines, the coupon to the whole merchant order after the bundle discount.
Each is spread over its lines by largest remainder (ledger.money), so a unit refunds exactly
what was paid for it: `(amount_fen - discount_fen)` apportioned by quantity, the last unit
taking the remainder, and a full refund equals `total_fen`.
"""

from dataclasses import dataclass

from shared_apps.core.failures import DomainError
from shared_apps.ledger.money import split_largest_remainder
from tenant_apps.orders import errors
from tenant_apps.promotions import coupons
from tenant_apps.promotions.bundles import discount_for_lines

from .models import OrderLine

GOODS = "goods"
TOURIST = "tourist"


@dataclass(frozen=True)
class Row:
    """One priced line: enough to price discounts before (preview) or after (order) it exists."""

    product_id: int
    kind: str
    quantity: int
    unit_price_fen: int

    @property
    def amount_fen(self) -> int:
        return self.unit_price_fen * self.quantity


def bundle_discount(rows: list[Row], channel: str) -> int:
    goods = [r for r in rows if r.kind == GOODS]
    if channel != TOURIST or not goods:
        return 0
    return discount_for_lines(goods, [r.unit_price_fen for r in goods])


def quote(rows: list[Row], *, channel: str = TOURIST, coupon_code: str = "") -> dict:
    """What checkout will take off (nothing is claimed). Coupon problems come back as
    `coupon_error` {code, message, message_en} instead of an exception."""
    subtotal = sum(r.amount_fen for r in rows)
    bundle = bundle_discount(rows, channel)
    coupon_fen, error, code = 0, None, coupons.normalise(coupon_code)
    if code:
        try:
            _check_channel(channel)
            _, coupon_fen = coupons.check(code, base_fen=subtotal - bundle, due_fen=subtotal - bundle)
        except DomainError as exc:
            error = {"code": exc.code, "message": exc.message, "message_en": exc.message_en}
    return {"subtotal_fen": subtotal, "bundle_discount_fen": bundle, "coupon_code": code,
            "coupon_discount_fen": coupon_fen, "coupon_error": error, "discount_fen": bundle + coupon_fen,
            "total_fen": subtotal - bundle - coupon_fen}


def _check_channel(channel: str) -> None:
    if channel != TOURIST:
        raise DomainError(errors.COUPON_NOT_ALLOWED)


def _spread(total: int, lines: list, weights: list[int]) -> None:
    for line, part in zip(lines, split_largest_remainder(total, weights), strict=True):
        line.discount_fen += part


def apply(order, lines: list, *, channel: str, coupon_code: str = "", actor: str = "") -> None:
    """place_order's hook, right after the order and its lines exist (same transaction): price the
    bundle offer, claim the coupon, store the discounts on the lines and the order."""
    rows = [Row(ln.product_id, ln.kind, ln.quantity, ln.unit_price_fen) for ln in lines]
    bundle = bundle_discount(rows, channel)
    if bundle:
        goods = [ln for ln in lines if ln.kind == GOODS]
        _spread(bundle, goods, [ln.amount_fen for ln in goods])
    coupon = None
    if coupons.normalise(coupon_code):
        _check_channel(channel)
        due = sum(ln.amount_fen for ln in lines) - bundle
        coupon = coupons.claim(coupon_code, base_fen=due, due_fen=due, actor=actor, order_id=order.pk)
        _spread(coupon.discount_fen, lines, [ln.amount_fen - ln.discount_fen for ln in lines])
    if not bundle and coupon is None:
        return
    OrderLine.objects.bulk_update(lines, ["discount_fen"])
    order.discount_fen = sum(ln.discount_fen for ln in lines)
    order.total_fen = sum(ln.amount_fen for ln in lines) - order.discount_fen
    order.coupon_code = coupon.code if coupon else ""
    order.save(update_fields=["discount_fen", "total_fen", "coupon_code"])


def release_coupon(order) -> None:
    """An unpaid order was cancelled or expired: its coupon is active again."""
    if order.coupon_code:
        coupons.release_for_order(order_id=order.pk)


def paid_for_units(line, already: int, quantity: int) -> int:
    """What `quantity` more units of `line` paid, after `already` units were refunded: the line's
    net (amount - discount) apportioned by quantity, the last unit taking the remainder."""
    net = line.amount_fen - line.discount_fen
    per_unit = net // line.quantity
    if already + quantity >= line.quantity:
        return net - per_unit * already
    return per_unit * quantity


def refund_amount(lines_by_id: dict, wanted: dict[int, int]) -> int:
    """Fen to give back for {line_id: quantity} (units counted after those already refunded)."""
    return sum(paid_for_units(lines_by_id[k], lines_by_id[k].refunded_qty, q) for k, q in wanted.items())
