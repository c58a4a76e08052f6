"""Many buyers at once on real PostgreSQL: zero oversell, sold + left == capacity, and
concurrent duplicates of one Idempotency-Key create exactly one checkout."""


from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout
from shared_apps.core.failures import DomainError
from tests.builders.accounts import make_user
from tests.builders.catalog import room, slots, ticket
from tests.builders.checkout import item
from tests.builders.dates import day
from tests.builders.threads import run_all

BUYERS = 40


def test_hot_slot_never_oversells(merchants, transactional_db):
    alpha, beta = merchants["alpha"], merchants["beta"]
    hot = ticket(alpha, capacity=17)
    r = room(beta, capacity=9)
    users = [make_user(f"buyer{i}") for i in range(BUYERS)]

    def buy(i):
        qty = 1 + i % 2
        items = [item(alpha, hot, qty, day=day(3))]
        if i % 3 == 0:  # some buyers also book two nights at the hotel, in the same checkout
            items.append(item(beta, r, 1, day=day(3), nights=2))
        try:
            return checkout.place_checkout(user=users[i], items=items).pk, qty, i % 3 == 0
        except DomainError as exc:
            assert exc.code == "sold_out"
            return None, 0, False

    placed = [res for res in run_all(buy, BUYERS) if res[0]]
    (capacity, sold, held), = slots(alpha, hot)
    assert sold == 0 and held == sum(qty for _, qty, _ in placed) and held <= capacity
    assert held >= capacity - 1  # 40 buyers of 1-2 tickets leave at most one ticket unsold
    nights = [(c, s, h) for c, s, h in slots(beta, r)][:2]
    assert all(h == sum(1 for *_, hotel in placed if hotel) and h <= c for c, _, h in nights)

    paid, cancelled = placed[::2], placed[1::2]
    for pk, *_ in paid:
        checkout.mark_paid(checkout_id=pk)
    for pk, *_ in cancelled:
        checkout.cancel_checkout(checkout_id=pk, actor="test")
    (capacity, sold, held), = slots(alpha, hot)
    assert held == 0 and sold == sum(qty for _, qty, _ in paid)
    assert capacity - sold - held == capacity - sum(qty for _, qty, _ in paid)
    for c, s, h in slots(beta, r)[:2]:
        assert h == 0 and s == sum(1 for *_, hotel in paid if hotel) and s <= c


def test_sold_plus_left_equals_capacity_after_payment(merchants, transactional_db):
    alpha = merchants["alpha"]
    hot = ticket(alpha, capacity=25)
    users = [make_user(f"payer{i}") for i in range(BUYERS)]

    def buy_and_pay(i):
        try:
            co = checkout.place_checkout(user=users[i], items=[item(alpha, hot, 1, day=day(3))])
        except DomainError as exc:
            assert exc.code == "sold_out"
            return 0
        checkout.mark_paid(checkout_id=co.pk)
        return 1

    bought = sum(run_all(buy_and_pay, BUYERS))
    (capacity, sold, held), = slots(alpha, hot)
    assert bought == sold == capacity == 25
    assert held == 0 and capacity - sold - held == 0


def test_concurrent_duplicate_idempotency_keys_make_one_checkout(merchants, transactional_db):
    alpha = merchants["alpha"]
    hot = ticket(alpha, capacity=50)
    user = make_user("dup_buyer")
    token = str(AccessToken.for_user(user))
    body = {"items": [{"merchant": "alpha", "product_id": hot.pk, "quantity": 1, "day": str(day(3))}]}

    def post(i):
        client = Client(HTTP_HOST="localhost")
        response = client.post("/api/v1/checkouts/", body, content_type="application/json",
                               HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY="same-key-1")
        return response.status_code, response.json().get("id")

    results = run_all(post, 12)
    assert {code for code, _ in results} == {201}
    assert len({pk for _, pk in results}) == 1
    assert Checkout.objects.filter(user=user).count() == 1
    assert slots(alpha, hot) == [(50, 0, 1)]
