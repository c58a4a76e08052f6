"""Builders for route tests: products in several merchants, a route made through the services."""

from django.test import Client

from shared_apps.routes.services import routes
from tenant_apps.catalog import services as catalog
from tenant_apps.inventory import services as inventory
from tenants.utils import in_tenant
from tests.distribution.helpers import day, dticket
from tests.factories import make_operator


def room(merchant, *, capacity=5, price=30000, dprice=25000, days=(3, 4), name="湖景大床房"):
    with in_tenant(merchant):
        product = catalog.create_product(kind="room", name=name, base_price_fen=price, distributor_price_fen=dprice,
                                         on_shelf=True)
        inventory.set_capacity(product=product, days=[day(d) for d in days], sessions=[""], capacity=capacity)
    return product


def goods(merchant, *, stock=10, price=5000, dprice=4000, name="云雾茶礼盒"):
    with in_tenant(merchant):
        product = catalog.create_product(kind="goods", name=name, base_price_fen=price, distributor_price_fen=dprice,
                                         on_shelf=True)
        inventory.set_capacity(product=product, days=[None], sessions=[""], capacity=stock)
    return product


def reviewer():
    return make_operator("op_reviewer", role="reviewer")


def make_route(code: str, legs, *, kind="route", days=2, name="二日游", publish=True):
    """legs: [(merchant, product, day_offset, nights, quantity)]."""
    user = reviewer()
    route = routes.create_route(user=user, kind=kind, code=code, name=name, days=days)
    for merchant, product, offset, nights, quantity in legs:
        routes.add_component(route_id=route.pk, user=user, merchant=merchant.schema_name, product_id=product.pk,
                             day_offset=offset, nights=nights, quantity=quantity)
    if publish:
        routes.publish(route_id=route.pk, user=user)
    route.refresh_from_db()
    return route


def two_day(alpha, beta, gamma=None, *, ticket_cap=10, room_cap=5, last_cap=10, code="two-day"):
    """Day 1: alpha ticket (net 80) + beta room 1 night (net 250); day 2: gamma (or alpha) ticket (net 60)."""
    t1 = dticket(alpha, capacity=ticket_cap, price=10000, dprice=8000, days=(3, 4))
    r = room(beta, capacity=room_cap)
    t2 = dticket(gamma or alpha, capacity=last_cap, price=9000, dprice=6000, days=(3, 4), name="伽马门票")
    route = make_route(code, [(alpha, t1, 0, 1, 1), (beta, r, 0, 1, 1), (gamma or alpha, t2, 1, 1, 1)])
    return route, t1, r, t2


def api(raw_key: str) -> Client:
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {raw_key}")


def reserve_body(persons=1, offset=3, **extra):
    return {"persons": persons, "day": str(day(offset)), **extra}
