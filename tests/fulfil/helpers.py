"""Builders for the fulfilment tests: paid orders through the real checkout and payment."""

from shared_apps.checkout import services as checkout
from tenant_apps.orders.models import Order
from tenants.utils import in_tenant
from tests.checkout.helpers import item, pay


def paid_order(user, merchant, items, **kw) -> Order:
    """Place one checkout for `items` (checkout.Item) and pay it with the wallet; return the order."""
    co = checkout.place_checkout(user=user, items=items, **kw)
    pay(co)
    part = co.parts.get(merchant=merchant)
    with in_tenant(merchant):
        return Order.objects.get(pk=part.order_id)


def api(client, method, path, data=None, **extra):
    return getattr(client, method)(path, data=data or {}, content_type="application/json", **extra)


__all__ = ["api", "item", "paid_order"]
