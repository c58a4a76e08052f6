"""Routes (packaged trips) built and published by an operator through the route services."""

from shared_apps.routes.services import routes

from .accounts import make_operator
from .catalog import room, ticket
from .dates import day


def make_route(code: str, legs, *, kind="route", days=2, name="二日游", publish=True):
    """legs: [(merchant, product, day_offset, nights, quantity)]; made (and published) by the reviewer."""
    user = make_operator()
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
    t1 = ticket(alpha, capacity=ticket_cap, price=10000, dprice=8000, days=(3, 4), name="阿尔法门票")
    r = room(beta, capacity=room_cap, price=30000, dprice=25000, days=(3, 4))
    t2 = ticket(gamma or alpha, capacity=last_cap, price=9000, dprice=6000, days=(3, 4), name="伽马门票")
    route = make_route(code, [(alpha, t1, 0, 1, 1), (beta, r, 0, 1, 1), (gamma or alpha, t2, 1, 1, 1)])
    return route, t1, r, t2


def reserve_body(persons=1, offset=3, **extra) -> dict:
    """The JSON body of a route reserve for day(offset)."""
    return {"persons": persons, "day": str(day(offset)), **extra}
