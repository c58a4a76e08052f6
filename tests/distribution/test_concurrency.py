"""Real PostgreSQL, many threads: duplicate reserves with one Idempotency-Key make one booking;
distributors and tourists buying the same slot never oversell; concurrent confirmations never
take a distributor below -credit_limit. Trial balance stays 0."""


from django.test import Client

from shared_apps.checkout import services as checkout
from shared_apps.core.failures import DomainError
from shared_apps.distribution.models import Booking
from shared_apps.distribution.services import bookings
from shared_apps.ledger import services as ledger
from tests.builders.accounts import make_user
from tests.builders.catalog import slot, ticket
from tests.builders.checkout import item
from tests.builders.dates import day
from tests.builders.distribution import key_for, make_distributor
from tests.builders.threads import run_all


def test_concurrent_duplicate_reserves_make_one_booking(merchants, transactional_db):
    alpha = merchants["alpha"]
    dist = make_distributor("并发旅行社", [alpha])
    _, raw = key_for(dist, [alpha])
    p = ticket(alpha, capacity=50, price=10000, dprice=8000)
    body = {"product_id": p.pk, "units": 2, "day": str(day(3)), "reseller_reference": "DUP-1"}

    def post(i):
        response = Client(HTTP_HOST="localhost").post(
            "/api/v1/octo/suppliers/alpha/bookings/", body, content_type="application/json",
            HTTP_AUTHORIZATION=f"Api-Key {raw}", HTTP_IDEMPOTENCY_KEY="dup-key-1")
        return response.status_code, response.json().get("uuid")

    results = run_all(post, 12)
    assert {code for code, _ in results} == {201}
    assert len({u for _, u in results}) == 1
    assert Booking.objects.count() == 1 and slot(alpha, p) == (50, 0, 2)


def test_distributors_and_tourists_never_oversell(merchants, transactional_db):
    alpha = merchants["alpha"]
    capacity, buyers = 20, 40
    p = ticket(alpha, capacity=capacity, dprice=1000, price=10000)
    keys = [key_for(make_distributor(f"分销{i}", [alpha], deposit=1_000_000), [alpha])[0] for i in range(2)]
    tourists = [make_user(f"crowd{i}") for i in range(buyers)]

    def buy(i):
        try:
            if i % 2:
                co = checkout.place_checkout(user=tourists[i], items=[item(alpha, p, 1, day=day(3))])
                checkout.mark_paid(checkout_id=co.pk)
                return "tourist"
            booking = bookings.reserve(api_key=keys[i % 4 // 2], merchant=alpha, product_id=p.pk, units=1,
                                       day=day(3))
            bookings.confirm(booking_id=booking.pk, actor="t")
            return "distributor"
        except DomainError as exc:
            assert exc.code == "sold_out", exc.code
            return None

    results = run_all(buy, buyers)
    cap, sold, held = slot(alpha, p)
    assert cap == capacity and held == 0 and sold == capacity
    assert sum(1 for r in results if r) == capacity
    assert Booking.objects.filter(status="confirmed").count() == results.count("distributor")
    assert ledger.owed("merchant_payable:alpha") == results.count("distributor") * (1000 - 50)
    assert ledger.trial_balance() == 0


def test_deposit_and_credit_line_hold_under_concurrent_confirms(merchants, transactional_db):
    alpha = merchants["alpha"]
    dist = make_distributor("授信旅行社", [alpha], deposit=10_000, credit=5_000)
    key, _ = key_for(dist, [alpha])
    p = ticket(alpha, capacity=100, dprice=1000, price=10000)
    held = [bookings.reserve(api_key=key, merchant=alpha, product_id=p.pk, units=1, day=day(3)) for _ in range(20)]

    def confirm(i):
        try:
            bookings.confirm(booking_id=held[i].pk, actor="t")
            return True
        except DomainError as exc:
            assert exc.code == "insufficient_funds", exc.code
            return False

    results = run_all(confirm, 20)
    assert sum(results) == 15  # 10000 deposit + 5000 credit, 1000 each
    assert ledger.owed(f"distributor_deposit:{dist.pk}") == -5_000
    assert slot(alpha, p) == (100, 15, 5)
    assert ledger.trial_balance() == 0
