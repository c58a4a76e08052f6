"""Checkout preview with discounts (EC-SHP-06/07): what each merchant part of a checkout will
cost after its bundle offers and the tourist's coupon code, priced the way place_order prices
(quote, below) and discounted the way it discounts (orders.discounts.quote). Nothing is
held or claimed."""

from collections import OrderedDict

from django.utils import timezone

from shared_apps.checkout import errors
from shared_apps.core.failures import DomainError
from tenant_apps.catalog import selectors as catalog
from tenant_apps.orders import discounts
from tenant_apps.orders import services as orders
from tenants.utils import active_merchant, in_tenant

from .services import Item


def _on_shelf(product_id: int):
    """The product on shelf, else the error placing the order gives (product_unavailable)."""
    try:
        return catalog.get_product(product_id, on_shelf_only=True)
    except DomainError:
        raise DomainError(errors.PRODUCT_UNAVAILABLE_GOODS, details={"product_id": product_id}) from None


def quote(lines: list[tuple[int | None, Item]]) -> dict:
    """Price every line the way an order will (orders.services.unit_price), grouped by merchant.
    Lines that cannot be bought carry an `error` (Chinese) instead of a price."""
    grouped: dict[str, list] = OrderedDict()
    for line_id, item in lines:
        grouped.setdefault(item.merchant, []).append((line_id, item))
    groups, total, has_error, has_goods = [], 0, False, False
    for schema, its in grouped.items():
        merchant = active_merchant(schema)
        rows = []
        for line_id, item in its:
            row = {"id": line_id, "item": item, "merchant": schema, "product_id": item.product_id,
                   "quantity": item.quantity, "day": item.day, "session": item.session, "nights": item.nights,
                   "name": f"商品 #{item.product_id}", "kind": "", "unit_price_fen": 0, "amount_fen": 0,
                   "error": ""}
            if merchant is None:
                row["error"] = "商户不存在或已停业"
            else:
                with in_tenant(merchant):
                    try:
                        product = _on_shelf(item.product_id)
                        row.update(name=product.name, kind=product.kind)
                        line = orders.LineInput(item.product_id, item.quantity, item.day, item.session, item.nights)
                        orders.validate_line(product, line, timezone.now())  # e.g. a room without a day
                        unit = orders.unit_price(product, line, "tourist")
                        row.update(unit_price_fen=unit, amount_fen=unit * item.quantity)
                    except DomainError as exc:
                        row["error"] = exc.message
            has_error = has_error or bool(row["error"])
            has_goods = has_goods or row["kind"] == "goods"
            rows.append(row)
        subtotal = sum(r["amount_fen"] for r in rows)
        total += subtotal
        groups.append({"schema": schema, "name": merchant.name if merchant else schema,
                       "kind": merchant.kind if merchant else "", "rows": rows, "subtotal_fen": subtotal})
    return {"groups": groups, "total_fen": total, "has_error": has_error, "has_goods": has_goods,
            "count": sum(i.quantity for _, i in lines)}


# ---- order centre ----------------------------------------------------------------------------


def add_discounts(quoted: dict, coupons: dict[str, str] | None = None) -> dict:
    """Add per merchant `bundle_discount_fen`, `coupon_code`, `coupon_discount_fen`, `coupon_error`,
    `discount_fen`, `total_fen` to the groups of a quote; the quote's `total_fen` becomes the
    payable amount (`subtotal_fen` keeps the list-price sum)."""
    coupons = coupons or {}
    quoted["subtotal_fen"], total = quoted["total_fen"], 0
    for group in quoted["groups"]:
        rows = [discounts.Row(r["product_id"], r["kind"], r["quantity"], r["unit_price_fen"])
                for r in group["rows"] if not r["error"]]
        merchant = active_merchant(group["schema"])
        result = discounts.quote([], coupon_code="")
        if merchant is not None and rows:
            with in_tenant(merchant):
                result = discounts.quote(rows, coupon_code=coupons.get(group["schema"], ""))
        group.update({k: v for k, v in result.items() if k != "subtotal_fen"})
        group["total_fen"] = group["subtotal_fen"] - result["discount_fen"]
        total += group["total_fen"]
    quoted["discount_fen"] = quoted["subtotal_fen"] - total
    quoted["total_fen"] = total
    return quoted


def preview(*, user, items: list, coupons: dict[str, str] | None = None) -> dict:
    """The JSON shape of POST /api/v1/checkouts/preview/."""
    quoted = add_discounts(quote([(None, item) for item in items]), coupons)
    return {
        "subtotal_fen": quoted["subtotal_fen"], "discount_fen": quoted["discount_fen"],
        "total_fen": quoted["total_fen"], "has_error": quoted["has_error"],
        "merchants": [{
            "merchant": g["schema"], "merchant_name": g["name"], "subtotal_fen": g["subtotal_fen"],
            "bundle_discount_fen": g["bundle_discount_fen"], "coupon_code": g["coupon_code"],
            "coupon_discount_fen": g["coupon_discount_fen"], "coupon_error": g["coupon_error"],
            "discount_fen": g["discount_fen"], "total_fen": g["total_fen"],
            "lines": [{"product_id": r["product_id"], "name": r["name"], "kind": r["kind"], "quantity": r["quantity"],
                       "day": r["day"], "session": r["session"], "nights": r["nights"],
                       "unit_price_fen": r["unit_price_fen"], "amount_fen": r["amount_fen"], "error": r["error"]}
                      for r in g["rows"]],
        } for g in quoted["groups"]],
    }
