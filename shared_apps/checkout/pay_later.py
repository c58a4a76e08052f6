"""Checkout side of pay at the merchant (到付, EC-HTL-06).

Items may carry `pay_at_merchant: true`. All items of one merchant must agree (one order per
merchant per checkout). Such a merchant's order is confirmed at once in the checkout's
transaction (tenant_apps.orders.pay_later.confirm): its CheckoutPart has `pay_at_merchant`, is
left out of Checkout.total_fen, out of the payment intent and out of the payment split. A checkout
made only of such parts needs no payment and goes pending_payment -> confirmed.

Anti-squatting: a tourist may hold at most PAY_AT_MERCHANT_MAX_OPEN confirmed (not yet checked
in) pay-at-merchant orders. The count runs under a row lock on the user, so two parallel
checkouts of one tourist are serialised and cannot both pass the cap.
"""

from dataclasses import replace

from django.conf import settings

from shared_apps.checkout import errors
from shared_apps.core.failures import DomainError
from tenant_apps.catalog.models import Product
from tenant_apps.orders.limits import lock_tourist
from tenant_apps.orders.pay_later import allows_pay_at_hotel, cancel_confirmed, cutoff_time
from tenant_apps.orders.pay_later import check_lines as tenant_check
from tenant_apps.orders.pay_later import confirm as tenant_confirm
from tenant_apps.orders.selectors import order_for_user
from tenants.models import Merchant
from tenants.utils import in_tenant

from .models import OrderIndex

MAX_OPEN = getattr(settings, "PAY_AT_MERCHANT_MAX_OPEN", 3)
CHOICE_FIELD = "pay_at_"  # H5 checkout form: pay_at_<schema> = "merchant" | "online"


def pay_at_schemas(user, by_merchant: dict) -> set[str]:
    """Merchants (schema names) whose items are paid at the merchant; checks the mix and the cap."""
    chosen = set()
    for schema, items in by_merchant.items():
        flags = {bool(getattr(item, "pay_at_merchant", False)) for item in items}
        if flags == {True, False}:
            raise DomainError(errors.PAY_AT_MERCHANT_MIXED, details={"merchant": schema})
        if flags == {True}:
            chosen.add(schema)
    if chosen:
        lock_tourist(user)  # serialise this tourist's checkouts
        open_count = OrderIndex.objects.filter(user=user, pay_at_merchant=True, status="confirmed").count()
        if open_count + len(chosen) > MAX_OPEN:
            raise DomainError(errors.PAY_AT_MERCHANT_LIMIT, details={"open": open_count, "limit": MAX_OPEN},
                              max_open=MAX_OPEN, open_count=open_count)
    return chosen


def check_lines(lines, *, pay_at: bool) -> None:
    """Inside the merchant schema, before place_order: may these lines be paid at the merchant?"""
    if pay_at:
        tenant_check(lines)


def confirm(order, *, pay_at: bool, actor: str):
    """Inside the merchant schema, right after place_order: confirm a pay-at-merchant order."""
    if not pay_at:
        return order

    return tenant_confirm(order_id=order.pk, actor=actor)


# ---- H5 checkout page helpers ----------------------------------------------------------------------

def annotate_quote(quoted: dict, choices=None) -> dict:
    """Mark each merchant group of a quote (checkout.preview.quote) that may be paid at the merchant:
    every row a room whose product allows it. Adds `pay_later_ok`, `pay_later_cutoff` and
    `pay_later_chosen` (the tourist's pick in `choices`, the posted form)."""
    for group in quoted["groups"]:
        group["pay_later_ok"], group["pay_later_cutoff"], group["pay_later_chosen"] = False, "", False
        ids = [row["product_id"] for row in group["rows"]]
        merchant = Merchant.objects.filter(schema_name=group["schema"]).first()
        if merchant is None or any(row["error"] for row in group["rows"]):
            continue
        with in_tenant(merchant):
            products = list(Product.objects.filter(pk__in=ids))
        if products and len(products) == len(set(ids)) and all(allows_pay_at_hotel(p) for p in products):
            group["pay_later_ok"] = True
            group["pay_later_cutoff"] = min(cutoff_time(p) for p in products).strftime("%H:%M")
            group["pay_later_chosen"] = (choices or {}).get(CHOICE_FIELD + group["schema"]) == "merchant"
    return quoted


def apply_choices(items: list, choices, quoted: dict) -> list:
    """Items with `pay_at_merchant` set for the groups the tourist switched to 到店付款."""
    allowed = {g["schema"] for g in quoted["groups"] if g.get("pay_later_ok")}
    picked = {schema for schema in allowed if choices.get(CHOICE_FIELD + schema) == "merchant"}
    return [replace(item, pay_at_merchant=True) if item.merchant in picked else item for item in items]


def cancel_my_order(*, user, merchant, order_no: str) -> dict:
    """The tourist cancels a confirmed pay-at-merchant order (free until the cut-off)."""

    with in_tenant(merchant):
        order = order_for_user(order_no=order_no, user_id=user.pk)
        if order is None:
            raise DomainError(errors.NOT_FOUND_ORDER)
        if not order.pay_at_merchant:
            raise DomainError(errors.NOT_PAY_AT_MERCHANT)
        order = cancel_confirmed(order_id=order.pk, actor=user.username, reason="游客取消（到店付款）",
                                 by_tourist=True)
        return {"order_no": order.order_no, "status": order.status, "status_display": order.get_status_display()}
