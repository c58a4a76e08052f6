"""Shop discounts at checkout: bundle offers (EC-SHP-06) and merchant coupons (EC-SHP-07).

The discount is stored on the order and spread over its lines; payment intent, settlement split
and refunds use what the tourist really paid; the database refuses a total that is not
sum(lines) - discount; coupons are claimed once and released when the unpaid order goes away."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout
from shared_apps.core.failures import DomainError
from shared_apps.ledger import services as ledger
from shared_apps.payments.models import PaymentIntent
from shared_apps.settlement.models import SettlementItem
from tenant_apps.dining import billing
from tenant_apps.orders.models import Order
from tenant_apps.promotions import bundles, coupons
from tenant_apps.promotions.models import Coupon
from tenants.utils import in_tenant
from tests.builders.catalog import goods, ticket
from tests.builders.checkout import item, pay
from tests.builders.checkout import refund as approved_refund

pytestmark = pytest.mark.django_db


def basket(epsilon):
    """Tea 58.00 and a cup 128.00; any 2 of them: 10.00 off (repeatable)."""
    tea, cup = goods(epsilon, name="婺源绿茶", stock=50), goods(epsilon, name="景德镇瓷杯", price=12800, stock=50)
    with in_tenant(epsilon):
        bundles.save_bundle(name="特产任选2件减10元", product_ids=[tea.pk, cup.pk], min_quantity=2, discount_fen=1000)
    return tea, cup


def refund(merchant, order_id, lines) -> int:
    """Refund `lines` (approved by the owner); the amount refunded."""
    return approved_refund(merchant, order_id, lines=lines, approver="owner").amount_fen


def test_bundle_discount_is_stored_spread_paid_settled_and_refunded_per_unit(shops, tourist, address):
    epsilon, alpha = shops["epsilon"], shops["alpha"]
    tea, cup = basket(epsilon)
    t = ticket(alpha, price=10000)
    co = checkout.place_checkout(user=tourist, items=[item(epsilon, tea, 3), item(epsilon, cup, 1),
                                                      item(alpha, t, 1, day=timezone.localdate() + timedelta(days=3))],
                                 address_id=address.pk)
    gross = 3 * 5800 + 12800
    with in_tenant(epsilon):
        order = Order.objects.get(checkout_id=co.pk)
        assert (order.discount_fen, order.total_fen) == (2000, gross - 2000)  # 4 units = 2 bundles
        tea_line, cup_line = order.lines.order_by("id")
        # 2000 over 17400 : 12800 by largest remainder -> 1152.3 / 847.7 -> 1152 / 848
        assert (tea_line.discount_fen, cup_line.discount_fen) == (1152, 848)
    with in_tenant(alpha):
        assert Order.objects.get(checkout_id=co.pk).discount_fen == 0  # not a shop order: untouched
    part = co.parts.get(merchant=epsilon)
    assert part.amount_fen == gross - 2000 and co.total_fen == gross - 2000 + 10000
    pay(co)
    intent = PaymentIntent.objects.get(checkout=co)
    assert intent.amount_fen == co.total_fen
    split = SettlementItem.objects.get(intent=intent, merchant=epsilon)
    assert split.gross_fen == gross - 2000 and split.commission_fen == (gross - 2000) * 600 // 10_000

    # tea paid (17400 - 1152) = 16248 for 3 units: 5416 each; cup 11952
    assert refund(epsilon, order.pk, [{"line_id": tea_line.pk, "quantity": 1}]) == 5416
    assert refund(epsilon, order.pk, [{"line_id": tea_line.pk, "quantity": 2}, {"line_id": cup_line.pk,
                                                                               "quantity": 1}]) == 10832 + 11952
    with in_tenant(epsilon):
        order.refresh_from_db()
        assert order.status == "refunded" and order.refunded_fen == order.total_fen
    split.refresh_from_db()
    assert split.refunded_fen == split.gross_fen and split.refunded_commission_fen == split.commission_fen
    assert ledger.trial_balance() == 0
    assert ledger.owed("merchant_payable:epsilon") == 0


def test_last_unit_takes_the_remainder(shops, tourist, address):
    epsilon = shops["epsilon"]
    tea = goods(epsilon, price=1000, name="婺源绿茶", stock=50)
    with in_tenant(epsilon):
        bundles.save_bundle(name="三件减1元", product_ids=[tea.pk], min_quantity=3, discount_fen=100)
    co = checkout.place_checkout(user=tourist, items=[item(epsilon, tea, 3)], address_id=address.pk)
    pay(co)
    with in_tenant(epsilon):
        order = Order.objects.get(checkout_id=co.pk)
        line = order.lines.get()
        assert (order.total_fen, line.discount_fen) == (2900, 100)
    # 2900 over 3 units: 966, 966, then the last one 968
    got = [refund(epsilon, order.pk, [{"line_id": line.pk, "quantity": 1}]) for _ in range(3)]
    assert got == [966, 966, 968] and sum(got) == 2900


def test_database_refuses_a_total_that_is_not_lines_minus_discount(shops, tourist, address):
    epsilon = shops["epsilon"]
    tea, cup = basket(epsilon)
    co = checkout.place_checkout(user=tourist, items=[item(epsilon, tea, 1), item(epsilon, cup, 1)],
                                 address_id=address.pk)
    with in_tenant(epsilon):
        order = Order.objects.get(checkout_id=co.pk)
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the trigger is deferred to commit: check now
        for change in ({"total_fen": F("total_fen") + 1}, {"discount_fen": F("discount_fen") - 1},
                       # consistent with the line amounts, but 1 fen more off than the lines carry:
                       {"total_fen": F("total_fen") - 1, "discount_fen": F("discount_fen") + 1}):
            with pytest.raises(IntegrityError), transaction.atomic():
                Order.objects.filter(pk=order.pk).update(**change)
        with pytest.raises(IntegrityError), transaction.atomic():
            order.lines.filter(product=tea).update(discount_fen=F("discount_fen") + 1)
        order.lines.filter(product=tea).update(refunded_qty=0)  # other columns do not matter
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.mark.clock
def test_coupon_preview_checkout_single_use_and_release(shops, tourist, address, api):
    epsilon, alpha = shops["epsilon"], shops["alpha"]
    tea, cup = basket(epsilon)
    with in_tenant(epsilon):
        big, small = coupons.issue_coupons(amount_fen=3000, threshold_fen=20000, count=2)
        late = coupons.issue_coupons(amount_fen=500, valid_until=timezone.localdate() - timedelta(days=1))[0]
    items = [{"merchant": "epsilon", "product_id": tea.pk, "quantity": 2},
             {"merchant": "epsilon", "product_id": cup.pk, "quantity": 1}]  # 24400, one bundle: 23400

    view = api("post", "/api/v1/checkouts/preview/", {"items": items, "coupons": {"epsilon": big.code.lower()}})
    assert view.status_code == 200, view.content
    shop = view.json()["merchants"][0]
    assert (shop["subtotal_fen"], shop["bundle_discount_fen"], shop["coupon_discount_fen"], shop["total_fen"]) == (
        24400, 1000, 3000, 20400)
    assert view.json()["total_fen"] == 20400 and shop["coupon_error"] is None
    for code, expected in (("NOPE234567", "coupon_not_found"), (late.code, "coupon_expired")):
        bad = api("post", "/api/v1/checkouts/preview/", {"items": items, "coupons": {"epsilon": code}}).json()
        assert bad["merchants"][0]["coupon_error"]["code"] == expected and bad["total_fen"] == 23400
    few = api("post", "/api/v1/checkouts/preview/", {"items": items[:1], "coupons": {"epsilon": big.code}}).json()
    assert few["merchants"][0]["coupon_error"]["code"] == "coupon_threshold"

    made = api("post", "/api/v1/checkouts/", {"items": items, "address_id": address.pk,
                                              "coupons": {"epsilon": big.code}}, HTTP_IDEMPOTENCY_KEY="c1")
    assert made.status_code == 201, made.content
    assert made.json()["total_fen"] == 20400 and made.json()["parts"][0]["amount_fen"] == 20400
    with in_tenant(epsilon):
        order = Order.objects.get(checkout_id=made.json()["id"])
        assert (order.discount_fen, order.coupon_code) == (4000, big.code)
        assert sum(order.lines.values_list("discount_fen", flat=True)) == 4000
        coupon = Coupon.objects.get(pk=big.pk)
        assert (coupon.status, coupon.order_id, coupon.discount_fen) == ("redeemed", order.pk, 3000)
    again = api("post", "/api/v1/checkouts/", {"items": items, "address_id": address.pk,
                                               "coupons": {"epsilon": big.code}}, HTTP_IDEMPOTENCY_KEY="c2")
    assert again.status_code == 409 and again.json()["code"] == "coupon_used"
    stray = api("post", "/api/v1/checkouts/", {"items": items, "address_id": address.pk,
                                               "coupons": {"alpha": small.code}}, HTTP_IDEMPOTENCY_KEY="c3")
    assert stray.status_code == 400 and stray.json()["code"] == "coupon_merchant_invalid"
    with in_tenant(alpha), pytest.raises(DomainError) as exc:  # codes belong to their merchant
        coupons.check(small.code, base_fen=10**6, due_fen=10**6)
    assert exc.value.code == "coupon_not_found"

    assert api("post", f"/api/v1/checkouts/{made.json()['id']}/cancel/").json()["status"] == "cancelled"
    with in_tenant(epsilon):
        coupon.refresh_from_db()
        assert (coupon.status, coupon.order_id, coupon.discount_fen) == ("active", None, 0)
    # the released code works again, now through an expiring checkout
    co = checkout.place_checkout(user=tourist, items=[checkout.Item(**i) for i in items], address_id=address.pk,
                                 coupons={"epsilon": big.code})
    Checkout.objects.filter(pk=co.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert checkout.cancel_expired_checkouts() == 1
    with in_tenant(epsilon):
        assert Coupon.objects.get(pk=big.pk).status == "active"
    co = checkout.place_checkout(user=tourist, items=[checkout.Item(**i) for i in items], address_id=address.pk,
                                 coupons={"epsilon": big.code})
    pay(co)
    with in_tenant(epsilon):
        order = Order.objects.get(checkout_id=co.pk)
        assert order.status == "paid" and Coupon.objects.get(pk=big.pk).status == "redeemed"
        assert refund(epsilon, order.pk, []) == 20400  # everything: exactly what was paid
        assert Coupon.objects.get(pk=big.pk).status == "redeemed"  # a paid-and-refunded coupon stays used
    assert ledger.trial_balance() == 0


def test_the_same_coupon_function_serves_restaurant_bills(shops):
    """Dining keeps its bill path (billing.redeem_coupon) on top of coupons.claim."""
    delta = shops["delta"]
    with in_tenant(delta):
        c = coupons.issue_coupons(amount_fen=500)[0]
        with pytest.raises(ValueError):
            coupons.claim(c.code, base_fen=100, due_fen=100, actor="x")  # neither bill nor order
        assert billing.issue_coupons is coupons.issue_coupons and billing.void_coupon is coupons.void_coupon


def test_shop_console_coupon_page(shops, tourist, address, client_for):
    """Shops use the one coupon page (issue a batch, list, status), with the shop tab bar."""
    epsilon = shops["epsilon"]
    owner = client_for("epsilon_owner", "epsilon")
    page = owner.get("/console/shop/coupons/").content.decode()
    assert "生成券码" in page and "发货与物流" in page  # the shop tabs, not the restaurant's
    done = owner.post("/console/shop/coupons/", {"amount": "20", "threshold": "100", "count": "2"}, follow=True)
    assert done.redirect_chain[-1][0].endswith("/console/shop/coupons/") and "已发放 2 张券" in done.content.decode()
    with in_tenant(epsilon):
        code = Coupon.objects.filter(amount_fen=2000).first().code
    tea = goods(epsilon, price=12000, name="婺源绿茶", stock=50)
    co = checkout.place_checkout(user=tourist, items=[item(epsilon, tea, 1)], address_id=address.pk,
                                 coupons={"epsilon": code})
    listing = owner.get("/console/shop/coupons/").content.decode()
    assert co.parts.get().order_no in listing and "已核销" in listing
