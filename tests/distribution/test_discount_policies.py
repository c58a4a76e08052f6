"""Distributor discount policies (DST-DIS-03): merchant-defined per contract or per level, product
scope, percent or fixed, validity dates, weekdays and group tiers; one pricing function used by
the listings and by reserve (the order lines carry the policy price, booking.net_fen =
order.total_fen); merchant API + console page; DB CHECKs; the distributor sees its prices."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from shared_apps.core.failures import DomainError
from shared_apps.distribution.models import Booking, DiscountPolicy, DistributorContract, DistributorLevel
from shared_apps.distribution.services import discounts, pricing
from shared_apps.ledger import services as ledger
from tenant_apps.catalog import services as catalog
from tenant_apps.inventory import services as inventory
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import ticket
from tests.builders.clients import octo, post
from tests.builders.dates import day
from tests.builders.distribution import fund, key_for, make_distributor

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BASE = "/api/v1/octo/suppliers"
MERCHANT_API = "/api/v1/merchant/distributors/discounts/"


@pytest.fixture
def gold(db):
    level, _ = DistributorLevel.objects.update_or_create(
        code="gold", defaults={"name": "金牌", "rank": 3, "commission_bps": 500, "min_sales_fen": 10 ** 9})
    return level


def contract_of(dist, merchant):
    return DistributorContract.objects.get(distributor=dist, merchant=merchant)


def policy(merchant, owner=None, **data):
    data.setdefault("name", "测试策略")
    return discounts.save_policy(merchant=merchant, user=owner or make_user(f"{merchant.schema_name}_owner"),
                                 data=data)


def net(dist, merchant, product, units=1, offset=3, nights=1):
    with in_tenant(merchant):
        line = orders.LineInput(product.pk, min(units, 99), day(offset), "", nights)
        return pricing.net_unit_price(dist.pk, merchant, product, line, units=units)


def test_best_policy_rule_dates_weekdays_scope_and_floor(alpha, dist_a, gold):
    p = ticket(alpha, price=10000, dprice=8000, days=(3, 4, 10))
    other = ticket(alpha, name="另一门票", price=5000, dprice=4000)
    c = contract_of(dist_a, alpha)
    assert net(dist_a, alpha, p) == (8000, None)  # no policy: the catalog distributor price

    pct = policy(alpha, contract_id=c.pk, mode="percent", percent_off="10")  # 7200
    assert net(dist_a, alpha, p) == (7200, pct.pk)
    lvl = policy(alpha, level_id=gold.pk, mode="fixed", net_price_fen=7000)
    assert net(dist_a, alpha, p) == (8000 * 90 // 100, pct.pk)  # dist_a is not gold yet
    dist_a.profile.level = gold
    dist_a.profile.save()
    assert net(dist_a, alpha, p) == (7000, lvl.pk)  # lowest price wins, whatever the target
    # tie: contract beats level; then product-scoped beats all-products; then lower id
    tie = policy(alpha, contract_id=c.pk, mode="fixed", net_price_fen=7000)
    assert net(dist_a, alpha, p)[1] == tie.pk
    scoped = policy(alpha, contract_id=c.pk, mode="fixed", net_price_fen=7000, product_ids=[p.pk])
    assert net(dist_a, alpha, p)[1] == scoped.pk
    assert net(dist_a, alpha, other) == (3600, pct.pk)  # scoped policies skip other products; 10% of 4000

    # validity window and weekdays on the visit day
    cheap = policy(alpha, contract_id=c.pk, mode="fixed", net_price_fen=100, valid_from=day(4), valid_until=day(4))
    assert net(dist_a, alpha, p, offset=3)[1] == scoped.pk and net(dist_a, alpha, p, offset=4)[1] == cheap.pk
    wd = day(10).isoweekday()
    weekday = policy(alpha, contract_id=c.pk, mode="fixed", net_price_fen=50, weekdays=[wd])
    assert net(dist_a, alpha, p, offset=10) == (50, weekday.pk)
    discounts.save_policy(merchant=alpha, user=make_user("alpha_owner"), policy_id=weekday.pk,
                          data={"weekdays": [wd % 7 + 1]})
    assert net(dist_a, alpha, p, offset=10)[1] == scoped.pk

    # never below 0, never above the channel price; inactive policies do not apply
    free = policy(alpha, contract_id=c.pk, mode="percent", percent_off=100)
    assert net(dist_a, alpha, p) == (0, free.pk)
    discounts.save_policy(merchant=alpha, user=make_user("alpha_owner"), policy_id=free.pk, data={"is_active": False})
    policy(alpha, contract_id=c.pk, mode="fixed", net_price_fen=9000, product_ids=[p.pk])  # above 8000: ignored
    assert net(dist_a, alpha, p) == (7000, scoped.pk)

    # another distributor (no contract policy, not gold) pays the channel price
    dist_b = make_distributor("乙旅行社", [alpha])
    assert net(dist_b, alpha, p) == (8000, None)
    # a revoked contract's policies stop applying
    DistributorContract.objects.filter(pk=c.pk).update(status="revoked")
    assert net(dist_a, alpha, p)[1] == lvl.pk


def test_group_tiers_priced_at_reserve_and_recorded(alpha, dist_a, key_a):
    p = ticket(alpha, capacity=300, price=10000, dprice=8000)
    c = contract_of(dist_a, alpha)
    group = policy(alpha, contract_id=c.pk, mode="percent", percent_off="5", tiers=[
        {"min_units": 10, "percent_off": "10"}, {"min_units": 100, "percent_off": "20"}])
    client, url = octo(key_a[1]), f"{BASE}/alpha/bookings/"
    rows = {r["id"]: r for r in client.get(f"{BASE}/alpha/products/").json()}
    assert rows[p.pk]["net_price_fen"] == 7600 and rows[p.pk]["discount_policy_id"] == group.pk
    assert rows[p.pk]["commission_fen"] == 2400
    assert [(g["min_units"], g["net_price_fen"]) for g in rows[p.pk]["group_rates"]] == [(10, 7200), (100, 6400)]
    slots = client.get(f"{BASE}/alpha/availability/", {"product_id": p.pk, "start": str(day(3)),
                                                       "end": str(day(3))}).json()["slots"]
    assert slots[0]["net_price_fen"] == 7600
    detail = client.get(f"{BASE}/alpha/products/{p.pk}/").json()
    assert detail["net_price_calendar"][3]["price_fen"] == 7600

    small = post(client, url, {"product_id": p.pk, "units": 2, "day": str(day(3))}, key="s")
    assert small.json()["pricing"]["net_fen"] == 15200 and small.json()["pricing"]["discount_policy_id"] == group.pk
    people = [{"name": f"游客{i}", "id_type": "passport", "id_no": f"E{i:08d}"} for i in range(150)]
    made = post(client, url, {"product_id": p.pk, "units": 150, "day": str(day(3)), "travellers": people}, key="g")
    assert made.status_code == 201, made.content
    booking = Booking.objects.get(uuid=made.json()["uuid"])
    assert booking.net_fen == 150 * 6400 and booking.discount_policy_id == group.pk
    assert booking.retail_fen == 150 * 10000 and booking.commission_fen == 150 * 3600
    with in_tenant(alpha):
        order = Order.objects.get(pk=booking.order_id)
        assert order.total_fen == booking.net_fen
        assert sorted((ln.quantity, ln.unit_price_fen) for ln in order.lines.all()) == [(51, 6400), (99, 6400)]
    fund(dist_a, 1_000_000)
    assert post(client, f"{url}{booking.uuid}/confirm/").json()["status"] == "confirmed"
    assert ledger.owed(f"distributor_deposit:{dist_a.pk}") == 1_100_000 - 150 * 6400
    assert post(client, f"{url}{booking.uuid}/cancel/", {"units": 50}).json()["pricing"]["refunded_fen"] == 50 * 6400
    assert ledger.trial_balance() == 0
    # a policy that priced bookings cannot be deleted, only disabled
    with pytest.raises(DomainError) as err:
        discounts.delete_policy(merchant=alpha, user=make_user("alpha_owner"), policy_id=group.pk)
    assert err.value.code == "discount_in_use"


def test_room_fixed_price_is_per_night(alpha, dist_a, key_a):

    with in_tenant(alpha):
        room = catalog.create_product(kind="room", name="山景房", base_price_fen=40000, distributor_price_fen=30000,
                                      on_shelf=True)
        inventory.set_capacity(product=room, days=[day(3), day(4)], sessions=[""], capacity=2)
    policy(alpha, contract_id=contract_of(dist_a, alpha).pk, mode="fixed", net_price_fen=25000)
    stay = post(octo(key_a[1]), f"{BASE}/alpha/bookings/", {"product_id": room.pk, "units": 1, "day": str(day(3)),
                                                           "nights": 2}, key="room")
    assert stay.status_code == 201 and stay.json()["pricing"]["net_fen"] == 50000


def test_merchant_api_validation_codes_and_permissions(alpha, beta, dist_a, gold, client_for):
    p = ticket(alpha, price=10000, dprice=8000)
    c = contract_of(dist_a, alpha)
    owner = client_for("alpha_owner", "alpha")

    def create(**data):
        return owner.post(MERCHANT_API, {"name": "团队优惠", "contract_id": c.pk, "mode": "percent",
                                         "percent_off": "8", **data}, content_type="application/json")

    cases = [
        ({"level_id": gold.pk}, "discount_target_invalid"),
        ({"contract_id": None}, "discount_target_invalid"),
        ({"percent_off": "120"}, "discount_percent_invalid"),
        ({"percent_off": "-1"}, "discount_percent_invalid"),
        ({"mode": "fixed", "net_price_fen": -5}, "discount_price_invalid"),
        ({"valid_from": str(day(5)), "valid_until": str(day(1))}, "discount_dates_invalid"),
        ({"weekdays": [0]}, "discount_weekdays_invalid"),
        ({"tiers": [{"min_units": 1, "percent_off": "9"}]}, "discount_tiers_invalid"),
        ({"tiers": [{"min_units": 5, "percent_off": "9"}, {"min_units": 5, "percent_off": "10"}]},
         "discount_tiers_invalid"),
        ({"product_ids": [999999]}, "product_not_found"),
        ({"name": " "}, "discount_name_required"),
    ]
    for data, code in cases:
        res = create(**data)
        assert res.status_code in (400, 404) and res.json()["code"] == code, (data, res.content)
    beta_dist = make_distributor("贝塔分销", [beta])
    foreign = create(contract_id=contract_of(beta_dist, beta).pk)
    assert foreign.status_code == 404 and foreign.json()["code"] == "contract_not_found"
    assert DiscountPolicy.objects.count() == 0

    made = create(product_ids=[p.pk], weekdays=[6, 7], tiers=[{"min_units": 20, "percent_off": "15"}])
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["weekdays"], body["percent_off"], body["distributor_id"]) == ([6, 7], "8.00", dist_a.pk)
    assert body["tiers"] == [{"min_units": 20, "percent_off": "15.00", "net_price_fen": None}]
    url = f"{MERCHANT_API}{body['id']}/"
    patched = owner.patch(url, {"mode": "fixed", "net_price_fen": 6000, "tiers": [{"min_units": 30,
                                                                                   "net_price_fen": 5000}]},
                          content_type="application/json")
    assert patched.status_code == 200 and patched.json()["percent_off"] is None
    assert patched.json()["net_price_fen"] == 6000 and patched.json()["tiers"][0]["net_price_fen"] == 5000
    assert [r["id"] for r in owner.get(MERCHANT_API).json()] == [body["id"]]

    clerk = client_for("alpha_clerk", "alpha")
    assert clerk.get(MERCHANT_API).status_code == 200
    assert clerk.patch(url, {"is_active": False}, content_type="application/json").status_code == 403
    assert clerk.delete(url).status_code == 403
    assert client_for("beta_owner", "beta").get(url).status_code == 404  # another merchant's policy
    assert client_for("beta_owner", "beta").get(MERCHANT_API).json() == []
    assert octo(key_for(dist_a, [alpha])[1]).get(MERCHANT_API,
                                                 HTTP_HOST="alpha.localhost").status_code in (401, 403)
    assert owner.delete(url).status_code == 204 and not DiscountPolicy.objects.exists()


def test_database_checks(alpha, dist_a, gold):
    c = contract_of(dist_a, alpha)
    bad = [
        {"contract": c, "mode": "percent", "percent_off": Decimal("100.5")},
        {"contract": c, "mode": "percent", "percent_off": Decimal("-1")},
        {"contract": c, "mode": "fixed", "net_price_fen": -1},
        {"contract": c, "mode": "fixed", "net_price_fen": 1, "percent_off": Decimal("5")},
        {"contract": c, "mode": "percent", "net_price_fen": 5},
        {"contract": c, "level": gold, "mode": "fixed", "net_price_fen": 1},
        {"mode": "fixed", "net_price_fen": 1},
        {"contract": c, "mode": "fixed", "net_price_fen": 1, "valid_from": day(5), "valid_until": day(1)},
        {"contract": c, "mode": "fixed", "net_price_fen": 1, "weekdays": 128},
    ]
    for fields in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            DiscountPolicy.objects.create(merchant=alpha, name="x", **fields)
    ok = DiscountPolicy.objects.create(merchant=alpha, name="ok", contract=c, mode="fixed", net_price_fen=0,
                                       valid_from=day(1), valid_until=day(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ok.tiers.create(min_units=1, net_price_fen=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ok.tiers.create(min_units=5, percent_off=Decimal("101"))


def test_distributor_sees_its_effective_prices_only(alpha, dist_a, client_for):
    p = ticket(alpha, price=10000, dprice=8000)
    policy(alpha, name="甲专享", contract_id=contract_of(dist_a, alpha).pk, mode="fixed", net_price_fen=6500,
           tiers=[{"min_units": 10, "net_price_fen": 6000}], valid_until=day(30))
    rows = client_for("dst_admin").get("/api/v1/distributor/prices/").json()
    assert [r["supplier"] for r in rows] == ["alpha"]
    product = next(x for x in rows[0]["products"] if x["id"] == p.pk)
    assert (product["channel_price_fen"], product["net_price_fen"], product["retail_price_fen"]) == (8000, 6500, 10000)
    assert product["group_rates"] == [{"min_units": 10, "net_price_fen": 6000,
                                       "discount_policy_id": rows[0]["policies"][0]["id"]}]
    assert rows[0]["policies"][0]["name"] == "甲专享" and "distributor_name" not in rows[0]["policies"][0]
    page = client_for("dst_admin").get("/distributor/prices/")
    assert page.status_code == 200 and "65.00" in page.content.decode() and "甲专享" in page.content.decode()

    make_distributor("乙旅行社", [alpha], admin="dst_b_admin")
    other = client_for("dst_b_admin").get("/api/v1/distributor/prices/").json()
    assert other[0]["policies"] == [] and next(x for x in other[0]["products"] if x["id"] == p.pk)[
        "net_price_fen"] == 8000
    assert "甲专享" not in client_for("dst_b_admin").get("/distributor/prices/").content.decode()


def test_console_page_creates_edits_and_deletes(alpha, dist_a, gold, client_for):
    p = ticket(alpha, price=10000, dprice=8000)
    c = contract_of(dist_a, alpha)
    owner = client_for("alpha_owner", "alpha")
    page = owner.get("/console/distribution/")
    assert page.status_code == 200 and "分销优惠策略" in page.content.decode() and "甲旅行社" in page.content.decode()
    bad = owner.post("/console/distribution/", {"name": "坏策略", "target": f"c:{c.pk}", "mode": "percent",
                                                "percent_off": "150"})
    assert bad.status_code == 200 and "优惠比例应在 0 到 100 之间" in bad.content.decode()
    done = owner.post("/console/distribution/", {
        "name": "周末团队价", "target": f"c:{c.pk}", "product_ids": [str(p.pk)], "mode": "fixed",
        "net_price": "70", "weekdays": ["6", "7"], "tiers": "10=65\n50=60", "is_active": "on",
        "valid_from": str(day(0)), "valid_until": str(day(0) + timedelta(days=60))})
    assert done.status_code == 302, done.content.decode()[:2000]
    made = DiscountPolicy.objects.get(name="周末团队价")
    assert (made.net_price_fen, made.weekdays, made.product_ids) == (7000, 0b1100000, [p.pk])
    assert [(t.min_units, t.net_price_fen) for t in made.tiers.all()] == [(10, 6500), (50, 6000)]
    edit = owner.get(f"/console/distribution/policies/{made.pk}/")
    assert edit.status_code == 200 and "10=65" in edit.content.decode()
    saved = owner.post(f"/console/distribution/policies/{made.pk}/", {
        "name": "等级价", "target": f"l:{gold.pk}", "mode": "percent", "percent_off": "12", "tiers": ""})
    assert saved.status_code == 302
    made.refresh_from_db()
    assert (made.level_id, made.contract_id, made.percent_off, made.is_active) == (gold.pk, None, Decimal("12"), False)
    clerk = client_for("alpha_clerk", "alpha")
    assert clerk.get("/console/distribution/").status_code == 200
    assert clerk.post(f"/console/distribution/policies/{made.pk}/delete/").status_code == 403
    assert owner.post(f"/console/distribution/policies/{made.pk}/delete/").status_code == 302
    assert not DiscountPolicy.objects.exists()
