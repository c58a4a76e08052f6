"""Stock hoarding (issue 12): per-tourist caps on units per product and day (open holds and
paid orders counted, configurable per product), on lines per checkout and on open unpaid
checkouts, enforced in the checkout path, under concurrency too."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings

from shared_apps.checkout import services as checkout
from shared_apps.core.failures import DomainError
from tenant_apps.catalog import services as catalog
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import goods, room, slot, ticket
from tests.builders.checkout import buy, item, order_of, refund
from tests.builders.dates import day
from tests.builders.threads import run_all

CAP = settings.TOURIST_MAX_UNITS_PER_PRODUCT_DAY


def _cap(merchant, product, units):
    with in_tenant(merchant):
        catalog.update_product(product_id=product.pk, max_per_tourist=units)


def _try(user, items) -> str:
    """"held", or the code of the error that refused the checkout."""
    try:
        checkout.place_checkout(user=user, items=items)
        return "held"
    except DomainError as exc:
        return exc.code


def _refused(user, items) -> DomainError:
    with pytest.raises(DomainError) as caught:
        checkout.place_checkout(user=user, items=items)
    return caught.value


@pytest.mark.django_db
def test_one_request_cannot_hold_118_units_of_one_day(merchants):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=500)
    err = _refused(make_user("hoarder"), [item(alpha, t, 99, day=day(3)), item(alpha, t, 19, day=day(3))])
    assert err.code == "limit_per_tourist" and err.status_code == 409
    assert err.details == {"product_id": t.pk, "day": str(day(3)), "limit": CAP, "held": 0, "requested": 118,
                           "merchant": "alpha"}
    assert f"限购 {CAP} 件" in err.message and f"At most {CAP} units" in err.message_en
    assert slot(alpha, t) == (500, 0, 0)


@pytest.mark.django_db
def test_the_cap_counts_open_holds_and_paid_orders_of_that_product_and_day(merchants):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=500, days=(3, 4))
    other = ticket(alpha, name="索道票", capacity=500)
    tourist = make_user("steady")
    buy(tourist, alpha, t, CAP - 5)  # paid
    checkout.place_checkout(user=tourist, items=[item(alpha, t, 3, day=day(3))])  # an open hold
    err = _refused(tourist, [item(alpha, t, 3, day=day(3))])
    assert err.code == "limit_per_tourist" and err.details["held"] == CAP - 2
    checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3)),  # exactly up to the cap
                                                 item(alpha, t, CAP, day=day(4)),  # another day
                                                 item(alpha, other, CAP, day=day(3))])  # another product
    assert buy(make_user("neighbour"), alpha, t, CAP).status == "paid"  # caps are per tourist


@pytest.mark.django_db
def test_refunded_and_cancelled_units_no_longer_count(merchants):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=500)
    tourist = make_user("changes_mind")
    paid = buy(tourist, alpha, t, CAP)
    refund(alpha, order_of(alpha, paid).pk, quantity=2)
    held = checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3))])
    checkout.cancel_checkout(checkout_id=held.pk, actor="t")
    assert checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3))]).status == "pending_payment"


@pytest.mark.django_db
def test_a_flash_sale_product_takes_one_per_tourist(merchants):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=50)
    _cap(alpha, t, 1)
    tourist = make_user("flash")
    assert _refused(tourist, [item(alpha, t, 2, day=day(3))]).details["limit"] == 1
    buy(tourist, alpha, t, 1)
    assert _refused(tourist, [item(alpha, t, 1, day=day(3))]).code == "limit_per_tourist"
    with pytest.raises(DomainError) as bad:
        _cap(alpha, t, 0)
    assert bad.value.code == "max_per_tourist_invalid"


@pytest.mark.django_db
def test_a_stay_counts_on_every_night_and_goods_on_the_day_ordered(merchants):
    alpha, beta = merchants["alpha"], merchants["beta"]
    r = room(beta, capacity=50, days=(3, 4, 5))
    _cap(beta, r, 2)
    tea = goods(alpha, stock=100)
    _cap(alpha, tea, 3)
    tourist = make_user("night_owl")
    checkout.place_checkout(user=tourist, items=[item(beta, r, 2, day=day(3), nights=2)])
    assert _refused(tourist, [item(beta, r, 1, day=day(4))]).details["day"] == str(day(4))  # night 2 is full
    checkout.place_checkout(user=tourist, items=[item(beta, r, 2, day=day(5)), item(alpha, tea, 3)])
    assert _refused(make_user("ok"), [item(alpha, tea, 4)]).code == "limit_per_tourist"
    assert _refused(tourist, [item(alpha, tea, 1)]).details["day"] == str(day(0))  # goods: the day ordered


@pytest.mark.django_db
def test_a_checkout_of_200_lines_is_refused(merchants):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=500)
    err = _refused(make_user("lines"), [item(alpha, t, 1, day=day(3))] * 200)
    assert err.code == "too_many_lines" and err.details == {"lines": 200, "limit": settings.CHECKOUT_MAX_LINES}
    assert "行商品" in err.message and "lines per checkout" in err.message_en


@pytest.mark.django_db
@pytest.mark.clock
def test_open_unpaid_checkouts_are_capped_until_paid_cancelled_or_expired(merchants):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=500)
    tourist = make_user("squatter")
    visit = day(3)  # fixed before the clock moves on: at 23:55 the TTL later is another day
    opened = [checkout.place_checkout(user=tourist, items=[item(alpha, t, 1, day=visit)])
              for _ in range(settings.TOURIST_MAX_OPEN_CHECKOUTS)]
    err = _refused(tourist, [item(alpha, t, 1, day=visit)])
    assert err.code == "too_many_open_checkouts" and err.status_code == 409
    assert err.details == {"open": settings.TOURIST_MAX_OPEN_CHECKOUTS, "limit": settings.TOURIST_MAX_OPEN_CHECKOUTS}
    checkout.cancel_checkout(checkout_id=opened[0].pk, actor="t")
    checkout.place_checkout(user=tourist, items=[item(alpha, t, 1, day=visit)])
    with time_machine.travel(timedelta(seconds=settings.CHECKOUT_TTL_SECONDS + 1)):  # unpaid ones expired
        assert checkout.place_checkout(user=tourist, items=[item(alpha, t, 1, day=visit)])


def test_two_parallel_checkouts_of_one_tourist_cannot_pass_the_cap_together(merchants, transactional_db):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=100)
    _cap(alpha, t, 5)
    tourist = make_user("racer")

    results = sorted(run_all(lambda _: _try(tourist, [item(alpha, t, 3, day=day(3))]), 4))
    assert results == ["held", "limit_per_tourist", "limit_per_tourist", "limit_per_tourist"]
    assert slot(alpha, t) == (100, 0, 3)


def test_parallel_checkouts_of_one_tourist_cannot_pass_the_open_checkout_cap(merchants, transactional_db):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=100)
    tourist = make_user("racer2")
    limit = settings.TOURIST_MAX_OPEN_CHECKOUTS

    results = run_all(lambda _: _try(tourist, [item(alpha, t, 1, day=day(3))]), limit + 3)
    assert results.count("held") == limit and results.count("too_many_open_checkouts") == 3
    assert slot(alpha, t) == (100, 0, limit)


@pytest.mark.django_db
def test_the_console_product_form_shows_and_sets_the_per_tourist_cap(merchants, client_for):
    alpha = merchants["alpha"]
    t = ticket(alpha, name="秒杀票", capacity=10)
    owner = client_for("alpha_owner", "alpha")
    page = owner.get(f"/console/products/{t.pk}/").content.decode()
    assert 'name="max_per_tourist"' in page and f"每日限购 {CAP} 件（平台默认）" in page
    saved = owner.post(f"/console/products/{t.pk}/", {"action": "update", "name": "秒杀票", "base_price": "120",
                                                       "max_per_tourist": "1"})
    assert saved.status_code == 302
    page = owner.get(f"/console/products/{t.pk}/").content.decode()
    assert "每日限购 1 件" in page and "平台默认）" not in page
    assert _refused(make_user("fan"), [item(alpha, t, 2, day=day(3))]).details["limit"] == 1
    api = owner.patch(f"/api/v1/merchant/products/{t.pk}/", {"max_per_tourist": None}, content_type="application/json")
    assert api.status_code == 200 and api.json()["max_per_tourist"] is None
