"""Member distribution: a referral code binds a tourist; commission on their paid orders is
frozen until redemption + the refund window, then released; refunds claw it back at the
original rate (from frozen, or from the released balance). Trial balance stays 0."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.checkout import services as checkout
from shared_apps.distribution.models import DistributorLevel
from shared_apps.ledger import services as ledger
from shared_apps.referrals.models import CommissionAccrual
from shared_apps.referrals.services import commission as referrals
from tests.builders.accounts import bearer, make_user
from tests.builders.catalog import ticket
from tests.builders.checkout import fulfil, item, pay, refund
from tests.builders.dates import day
from tests.builders.distribution import make_distributor

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels(db):
    for code, rank, bps, sales in (("bronze", 1, 200, 0), ("silver", 2, 300, 20_000), ("gold", 3, 500, 10 ** 9)):
        DistributorLevel.objects.update_or_create(code=code, defaults={"name": code, "rank": rank,
                                                                       "commission_bps": bps, "min_sales_fen": sales})


def test_binding_rules(client, levels, merchants):
    dist = make_distributor("推荐旅行社", admin="ref_admin")
    code = dist.profile.referral_code
    tourist = make_user("ref_tourist")
    bound = client.post("/api/v1/referrals/bind/", {"code": code.lower()}, content_type="application/json",
                        HTTP_HOST="localhost", **bearer(tourist))
    assert bound.status_code == 201 and bound.json()["distributor"] == "推荐旅行社"
    assert client.post("/api/v1/referrals/bind/", {"code": code}, content_type="application/json",
                       HTTP_HOST="localhost", **bearer(tourist)).status_code == 201  # same one again: no-op
    other = make_distributor("另一家", admin="other_ref")
    again = client.post("/api/v1/referrals/bind/", {"code": other.profile.referral_code},
                        content_type="application/json", HTTP_HOST="localhost", **bearer(tourist))
    assert again.status_code == 409 and again.json()["code"] == "already_bound"
    self_ref = client.post("/api/v1/referrals/bind/", {"code": code}, content_type="application/json",
                           HTTP_HOST="localhost", **bearer(make_user("ref_admin")))
    assert self_ref.json()["code"] == "self_referral"
    assert client.post("/api/v1/referrals/bind/", {"code": "NOPE1234"}, content_type="application/json",
                       HTTP_HOST="localhost", **bearer(make_user("t2"))).json()["code"] == "referral_code_invalid"
    assert client.get("/api/v1/referrals/me/", HTTP_HOST="localhost", **bearer(tourist)).json()["distributor"] == \
        "推荐旅行社"


@pytest.mark.clock
def test_commission_frozen_released_after_redemption_and_window_then_clawed_back(client_for, levels, merchants):
    alpha = merchants["alpha"]
    dist = make_distributor("推荐旅行社", admin="ref_admin")
    tourist = make_user("ref_tourist", phone="13900001111")
    referrals.bind(user=tourist, code=dist.profile.referral_code)
    product = ticket(alpha, capacity=10, price=10_000)
    co = checkout.place_checkout(user=tourist, items=[item(alpha, product, 2, day=day(3))])
    pay(co)
    accrual = CommissionAccrual.objects.get()
    assert (accrual.rate_bps, accrual.amount_fen, accrual.status) == (200, 400, "frozen")  # 2% of 20000 < 5% fee
    frozen, available = f"distributor_commission_frozen:{dist.pk}", f"distributor_commission:{dist.pk}"
    assert ledger.owed(frozen) == 400 and ledger.owed(available) == 0
    order_id = co.parts.get().order_id

    # partial refund before redemption: half the commission goes back
    refund(alpha, order_id, quantity=1, actor="tourist")
    accrual.refresh_from_db()
    assert accrual.clawed_back_fen == 200 and ledger.owed(frozen) == 200

    assert referrals.sweep()["fulfilled"] == 0  # not redeemed yet: stays frozen
    fulfil(alpha, order_id)
    now = timezone.now()
    assert referrals.sweep(now=now) == {"fulfilled": 1, "released": 0}
    assert referrals.sweep(now=now + timedelta(days=6)) == {"fulfilled": 0, "released": 0}  # refund window
    assert referrals.sweep(now=now + timedelta(days=7, seconds=1))["released"] == 1
    assert ledger.owed(frozen) == 0 and ledger.owed(available) == 200
    accrual.refresh_from_db()
    assert accrual.status == "released"

    # refunded after release: taken back from the available balance
    refund(alpha, order_id, quantity=1, actor="tourist")
    accrual.refresh_from_db()
    assert accrual.status == "clawed_back" and accrual.clawed_back_fen == 400
    assert ledger.owed(available) == 0 and ledger.owed(frozen) == 0
    assert ledger.trial_balance() == 0

    stats = client_for("ref_admin").get("/api/v1/distributor/performance/").json()
    row = stats["distributors"][0]
    assert (row["orders"], row["accrued_fen"], row["clawed_back_fen"], row["referred_users"]) == (1, 400, 400, 1)
    crm = client_for("ref_admin").get("/api/v1/distributor/referrals/").json()
    assert crm["users"][0]["phone"].endswith("1111") and "*" in crm["users"][0]["phone"]


@pytest.mark.clock
def test_commission_capped_at_platform_fee_and_level_upgrade(levels, merchants):
    alpha = merchants["alpha"]
    DistributorLevel.objects.filter(code="bronze").update(commission_bps=900)  # above scenic 5%
    dist = make_distributor("高佣旅行社")
    tourist = make_user("cap_tourist")
    referrals.bind(user=tourist, code=dist.profile.referral_code)
    product = ticket(alpha, capacity=10, price=10_000)
    co = checkout.place_checkout(user=tourist, items=[item(alpha, product, 3, day=day(3))])
    pay(co)
    accrual = CommissionAccrual.objects.get()
    assert accrual.amount_fen == 1500  # capped at the platform's 5% of 30000
    assert ledger.balance("platform_commission") == 0  # the platform passed its whole fee on
    fulfil(alpha, accrual.order_id)
    referrals.sweep()
    referrals.sweep(now=timezone.now() + timedelta(days=8))
    dist.profile.refresh_from_db()
    assert dist.profile.level.code == "silver"  # 30000 released sales >= 20000
    assert ledger.trial_balance() == 0


def test_unbound_tourists_and_distributor_orders_earn_nothing(levels, merchants):
    alpha = merchants["alpha"]
    product = ticket(alpha, capacity=10, price=10_000)
    pay(checkout.place_checkout(user=make_user("plain"), items=[item(alpha, product, 1, day=day(3))]))
    assert not CommissionAccrual.objects.exists()


def test_referral_link_binds_after_sign_in(client, settings, levels, merchants):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "shared_apps.referrals.middleware.ReferralMiddleware"]
    dist = make_distributor("链接旅行社")
    tourist = make_user("link_tourist")
    client.get(f"/?ref={dist.profile.referral_code}", HTTP_HOST="localhost")
    assert not hasattr(tourist, "referral") or tourist.referral is None
    client.force_login(tourist)
    client.get("/", HTTP_HOST="localhost")
    tourist.refresh_from_db()
    assert tourist.referral.distributor == dist and tourist.referral.source == "link"
