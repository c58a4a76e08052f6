"""EC-SHP-07 under concurrency on real PostgreSQL: many checkouts racing for one coupon code
get exactly one winner; the others fail with coupon_used and leave no order or hold behind."""

from collections import Counter

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout
from shared_apps.core.failures import DomainError
from tenant_apps.orders.models import Order
from tenant_apps.promotions import coupons
from tenant_apps.promotions.models import Coupon
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import goods, slots
from tests.builders.checkout import item
from tests.builders.threads import run_all

RACERS = 12


def test_one_coupon_many_checkouts_exactly_one_wins(merchants, transactional_db):
    alpha = merchants["alpha"]
    tea = goods(alpha, stock=100, price=5800)
    with in_tenant(alpha):
        code = coupons.issue_coupons(amount_fen=1000)[0].code
    users = [make_user(f"racer{i}") for i in range(RACERS)]

    def buy(i):
        try:
            co = checkout.place_checkout(user=users[i], items=[item(alpha, tea, 1)], coupons={"alpha": code})
            return co.pk
        except DomainError as exc:
            return exc.code

    results = run_all(buy, RACERS)
    winners = [r for r in results if isinstance(r, int)]
    assert len(winners) == 1 and Counter(r for r in results if not isinstance(r, int)) == {"coupon_used": RACERS - 1}
    assert Checkout.objects.count() == 1
    with in_tenant(alpha):
        order = Order.objects.get()
        coupon = Coupon.objects.get(code=code)
        assert (coupon.status, coupon.order_id, order.discount_fen, order.total_fen) == ("redeemed", order.pk,
                                                                                         1000, 4800)
    assert slots(alpha, tea) == [(100, 0, 1)]  # the losers' holds rolled back with them

    checkout.cancel_checkout(checkout_id=winners[0], actor="test")
    with in_tenant(alpha):
        assert Coupon.objects.get(code=code).status == "active"
    again = run_all(buy, 4)
    assert sum(isinstance(r, int) for r in again) == 1
