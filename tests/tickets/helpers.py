"""Builders for e-ticket tests: paid ticket orders for today (real checkout + wallet payment)."""

from django.utils import timezone

from shared_apps.checkout import services as checkout
from tenant_apps.catalog import services as catalog
from tenant_apps.inventory import services as inventory
from tenant_apps.orders.models import Order
from tenant_apps.tickets.models import Ticket
from tenants.utils import in_tenant
from tests.checkout.helpers import day, item, pay


def today_ticket(merchant, *, capacity=20, price=10000, name="今日门票", attributes=None, days=(0,)):
    """An on-shelf ticket product with capacity today (and on the other day offsets given)."""
    with in_tenant(merchant):
        product = catalog.create_product(kind="ticket", name=name, base_price_fen=price, on_shelf=True,
                                         attributes=attributes or {})
        inventory.set_capacity(product=product, days=[day(d) for d in days], sessions=[""], capacity=capacity)
    return product


def buy(user, merchant, product, quantity=1, *, offset=0, travellers=(), extra=()):
    """Check out and pay; returns the paid checkout."""
    items = [item(merchant, product, quantity, day=day(offset)), *extra]
    co = checkout.place_checkout(user=user, items=items, traveller_ids=list(travellers))
    pay(co)
    co.refresh_from_db()
    return co


def tickets_of(merchant, checkout_obj=None) -> list[Ticket]:
    with in_tenant(merchant):
        qs = Ticket.objects.order_by("id")
        if checkout_obj is not None:
            qs = qs.filter(order__checkout_id=checkout_obj.pk)
        return list(qs)


def order_of(merchant, checkout_obj) -> Order:
    with in_tenant(merchant):
        return Order.objects.prefetch_related("lines").get(checkout_id=checkout_obj.pk)


def qr_of(merchant, ticket) -> str:
    from tenant_apps.tickets import services

    with in_tenant(merchant):
        return services.qr_for(ticket)


def today():
    return timezone.localdate()
