"""Real PostgreSQL, many threads racing for the last units of one leg of a route: never more
sold than capacity, and no partial route holds left behind (every leg held as often as the
route was booked). Trial balance stays 0."""


from shared_apps.core.failures import DomainError
from shared_apps.distribution.models import Booking
from shared_apps.distribution.services import bookings as dst
from shared_apps.ledger import services as ledger
from shared_apps.routes.models import RouteBooking
from shared_apps.routes.services import bookings as rbookings
from tests.builders.catalog import room, slot, ticket
from tests.builders.dates import day
from tests.builders.distribution import key_for, make_distributor
from tests.builders.routes import make_route
from tests.builders.threads import run_all


def test_racing_for_the_last_rooms_never_oversells_nor_leaves_partial_holds(merchants, transactional_db):
    alpha, beta = merchants["alpha"], merchants["beta"]
    t1 = ticket(alpha, capacity=50, days=(3, 4), price=10000, dprice=8000)
    t2 = ticket(alpha, capacity=50, days=(3, 4), name="第二天门票", price=10000, dprice=8000)
    r = room(beta, capacity=3, price=30000, dprice=25000, days=(3, 4))  # the scarce leg
    route = make_route("race", [(alpha, t1, 0, 1, 1), (beta, r, 0, 1, 1), (alpha, t2, 1, 1, 1)])
    keys = [key_for(make_distributor(f"抢房{i}", [alpha, beta], deposit=1_000_000), [alpha, beta])[0] for i in range(3)]
    single = key_for(make_distributor("单订", [beta], deposit=1_000_000), [beta])[0]

    def buy(i):
        try:
            if i % 4 == 3:  # a plain single-room booking competes for the same slot
                b = dst.reserve(api_key=single, merchant=beta, product_id=r.pk, units=1, day=day(3))
                dst.confirm(booking_id=b.pk, actor="t")
                return "single"
            rb = rbookings.reserve(api_key=keys[i % 3], code=route.code, persons=1, day=day(3))
            if i % 2:
                rbookings.confirm(route_booking_id=rb.pk, actor="t")
                return "route_paid"
            return "route_held"
        except DomainError as exc:
            assert exc.code == "sold_out", exc.code
            return None

    results = run_all(buy, 16)
    routes_made = sum(1 for x in results if x and x.startswith("route"))
    cap, sold, held = slot(beta, r, 3)
    assert sold + held == 3 == sum(1 for x in results if x)  # every room sold or held, none twice
    assert RouteBooking.objects.count() == routes_made
    assert Booking.objects.filter(product_id=r.pk).count() == 3
    # no partial route: both ticket legs are held/sold exactly once per route booking
    assert sum(slot(alpha, t1, 3)[1:]) == routes_made and sum(slot(alpha, t2, 4)[1:]) == routes_made
    assert Booking.objects.count() == 3 * routes_made + results.count("single")
    assert ledger.trial_balance() == 0
    paid = RouteBooking.objects.filter(status="confirmed")
    assert paid.count() == results.count("route_paid")
    for rb in paid:
        assert sum(leg.booking.net_fen for leg in rb.legs.all()) == rb.net_fen == 8000 + 25000 + 8000


def test_concurrent_confirms_of_routes_respect_the_deposit(merchants, transactional_db):
    alpha, beta = merchants["alpha"], merchants["beta"]
    t1 = ticket(alpha, capacity=50, price=10000, dprice=8000)
    r = room(beta, capacity=50, price=30000, dprice=25000, days=(3, 4))
    route = make_route("pay-race", [(alpha, t1, 0, 1, 1), (beta, r, 0, 1, 1)], days=1)
    dist = make_distributor("预存款有限", [alpha, beta], deposit=33000 * 3 + 100)  # three routes of 330 yuan fit
    key = key_for(dist, [alpha, beta])[0]
    held = [rbookings.reserve(api_key=key, code=route.code, persons=1, day=day(3)) for _ in range(8)]

    def pay(i):
        try:
            rbookings.confirm(route_booking_id=held[i].pk, actor="t")
            return True
        except DomainError as exc:
            assert exc.code == "insufficient_funds", exc.code
            return False

    results = run_all(pay, 8)
    assert results.count(True) == 3
    assert ledger.owed(f"distributor_deposit:{dist.pk}") == 100
    assert Booking.objects.filter(status="confirmed").count() == 6  # 2 legs x 3 routes, never one leg alone
    assert slot(alpha, t1) == (50, 3, 5) and slot(beta, r) == (50, 3, 5)
    assert ledger.trial_balance() == 0
