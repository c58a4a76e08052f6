"""Dining reads shared by the API, the console pages and the tourist endpoints."""

from tenant_apps.catalog import selectors as catalog
from tenant_apps.catalog.models import Product, ProductKind
from tenant_apps.orders.models import Order
from tenant_apps.promotions.models import Coupon

from .models import Bill, KitchenTicket, Sitting, Table
from .services import current_sitting, table_url


def table_row(table: Table, *, with_url: bool = True) -> dict:
    sitting = current_sitting(table)
    row = {"id": table.pk, "name": table.name, "area": table.area, "seats": table.seats,
           "is_private_room": table.is_private_room, "min_spend_fen": table.min_spend_fen,
           "is_active": table.is_active, "token_rotated_at": table.token_rotated_at,
           "sitting": {"id": sitting.pk, "number": sitting.number, "guests": sitting.guests} if sitting else None}
    if with_url:
        row["qr_url"] = table_url(table)
    return row


def ticket_row(t: KitchenTicket) -> dict:
    return {"id": t.pk, "label": t.label, "dish_name": t.dish_name, "quantity": t.quantity, "note": t.note,
            "status": t.status, "status_display": t.get_status_display(), "sitting_id": t.sitting_id,
            "created_at": t.created_at, "started_at": t.started_at, "served_at": t.served_at}


def bill_row(bill: Bill) -> dict:
    return {"id": bill.pk, "status": bill.status, "status_display": bill.get_status_display(),
            "total_fen": bill.total_fen, "discount_fen": bill.discount_fen, "paid_fen": bill.paid_fen,
            "balance_fen": bill.balance_fen, "settled_at": bill.settled_at,
            "payments": [{"method": p.method, "method_display": p.get_method_display(), "amount_fen": p.amount_fen,
                          "reference": p.reference, "at": p.created_at} for p in bill.payments.all()],
            "coupons": [{"code": c.code, "discount_fen": c.discount_fen}
                        for c in Coupon.objects.filter(bill_id=bill.pk)]}


def sitting_detail(sitting: Sitting) -> dict:
    bill = Bill.objects.get(sitting=sitting)
    return {
        "id": sitting.pk, "number": sitting.number, "table": sitting.table.name, "table_id": sitting.table_id,
        "guests": sitting.guests, "status": sitting.status, "status_display": sitting.get_status_display(),
        "business_day": sitting.business_day, "opened_at": sitting.opened_at, "closed_at": sitting.closed_at,
        "orders": [{"id": o.pk, "source": o.source, "order_no": o.order.order_no if o.order_id else "",
                    "total_fen": o.total_fen, "created_at": o.created_at,
                    "lines": [{"dish_name": ln.dish_name, "quantity": ln.quantity, "unit_price_fen": ln.unit_price_fen,
                               "amount_fen": ln.amount_fen, "note": ln.note} for ln in o.lines.all()]}
                   for o in sitting.orders.select_related("order").prefetch_related("lines")],
        "tickets": [ticket_row(t) for t in sitting.tickets.all()],
        "bill": bill_row(bill),
    }


def menu() -> list[dict]:
    """On-shelf dishes with today's tourist price, grouped by their `category` attribute."""
    dishes = Product.objects.filter(kind=ProductKind.DISH, on_shelf=True).prefetch_related("price_policies")
    return [{"product_id": d.pk, "name": d.name, "subtitle": d.subtitle, "price_fen": catalog.price_for(d),
             "category": (d.attributes or {}).get("category", ""), "spicy": (d.attributes or {}).get("spicy", 0),
             "unit": (d.attributes or {}).get("unit", "")} for d in dishes.order_by("id")]


def coupons_with_targets(*, limit: int = 200) -> list[Coupon]:
    """The latest coupons, each with `target`: the order number or the sitting number it was
    redeemed on ("" while unused). Promotions store only the ids; dining resolves them."""
    coupons = list(Coupon.objects.all()[:limit])
    orders = dict(Order.objects.filter(pk__in={c.order_id for c in coupons if c.order_id})
                  .values_list("id", "order_no"))
    sittings = dict(Bill.objects.filter(pk__in={c.bill_id for c in coupons if c.bill_id})
                    .values_list("id", "sitting__number"))
    for c in coupons:
        c.target = orders.get(c.order_id) or sittings.get(c.bill_id) or ""
    return coupons
