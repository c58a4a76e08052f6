"""Checkout preview with discounts (EC-SHP-06/07): what each merchant part of a checkout will
cost after its bundle offers and the tourist's coupon code, priced the way place_order prices
(web.selectors.quote) and discounted the way it discounts (orders.discounts.quote). Nothing is
held or claimed."""

from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant


def add_discounts(quoted: dict, coupons: dict[str, str] | None = None) -> dict:
    """Add per merchant `bundle_discount_fen`, `coupon_code`, `coupon_discount_fen`, `coupon_error`,
    `discount_fen`, `total_fen` to the groups of a quote; the quote's `total_fen` becomes the
    payable amount (`subtotal_fen` keeps the list-price sum)."""
    from tenant_apps.orders import discounts

    coupons = coupons or {}
    quoted["subtotal_fen"], total = quoted["total_fen"], 0
    for group in quoted["groups"]:
        rows = [discounts.Row(r["product_id"], r["kind"], r["quantity"], r["unit_price_fen"])
                for r in group["rows"] if not r["error"]]
        merchant = Merchant.objects.filter(schema_name=group["schema"], status=MerchantStatus.ACTIVE).first()
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
    from shared_apps.web.selectors import quote

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
