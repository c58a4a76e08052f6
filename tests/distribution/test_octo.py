"""OCTO-style API with an API key: products, availability, reserve -> confirm -> cancel,
idempotency, group bookings, expiry — and scoping: a key never reaches another merchant."""

import uuid

import pytest
from django.utils import timezone

from shared_apps.distribution.models import Booking
from shared_apps.distribution.services import bookings, contracts
from shared_apps.ledger import services as ledger
from tenant_apps.catalog import services as catalog
from tenant_apps.inventory import services as inventory
from tests.builders.accounts import make_user
from tests.builders.catalog import slot, ticket
from tests.builders.checkout import order_status
from tests.builders.clients import octo, post
from tests.builders.dates import day
from tests.builders.distribution import fund, key_for, make_distributor

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BASE = "/api/v1/octo/suppliers"


def test_products_are_on_shelf_authorised_and_net_priced(alpha, key_a):
    shelf = ticket(alpha, price=10000, dprice=8000)
    ticket(alpha, name="下架门票", on_shelf=False, price=10000, dprice=8000)
    client = octo(key_a[1])
    rows = client.get(f"{BASE}/alpha/products/").json()
    assert [r["id"] for r in rows] == [shelf.pk]
    assert rows[0]["net_price_fen"] == 8000 and rows[0]["retail_price_fen"] == 10000
    assert rows[0]["commission_fen"] == 2000
    assert "base_price_fen" not in rows[0] and "distributor_price_fen" not in rows[0]
    assert client.get(f"{BASE}/alpha/products/{shelf.pk}/").json()["net_price_calendar"][0]["price_fen"] == 8000
    assert [s["id"] for s in client.get(f"{BASE}/").json()] == ["alpha"]


def test_availability_per_day_and_session(alpha, key_a):
    p = ticket(alpha, capacity=5, sessions=["09:00-12:00", "13:00-17:00"], days=(3, 4), price=10000, dprice=8000)
    body = octo(key_a[1]).get(f"{BASE}/alpha/availability/",
                              {"product_id": p.pk, "start": str(day(3)), "end": str(day(4))}).json()
    assert len(body["slots"]) == 4
    assert {s["vacancies"] for s in body["slots"]} == {5} and body["slots"][0]["net_price_fen"] == 8000


@pytest.mark.parametrize("path", ["products/", "products/1/", "availability/?product_id=1"])
def test_key_never_reads_unauthorised_merchant(beta, key_a, path):
    ticket(beta, price=10000, dprice=8000)
    response = octo(key_a[1]).get(f"{BASE}/beta/{path}")
    assert response.status_code == 403 and response.json()["code"] == "supplier_not_authorised"


def test_key_never_books_unauthorised_merchant_even_if_authorised_but_not_listed(alpha, beta, dist_a):

    p = ticket(beta, price=10000, dprice=8000)
    _, only_alpha = key_for(dist_a, [alpha])
    contracts.authorise(merchant=beta, distributor_id=dist_a.pk, user=make_user("beta_owner"))
    response = post(octo(only_alpha), f"{BASE}/beta/bookings/", {"product_id": p.pk, "units": 1, "day": str(day(3))},
                    key="k1")
    assert response.status_code == 403 and response.json()["code"] == "supplier_not_authorised"
    assert octo(only_alpha).get(f"{BASE}/nosuch/products/").json()["code"] == "supplier_not_found"
    assert slot(beta, p) == (10, 0, 0) and not Booking.objects.exists()


def test_other_distributors_booking_is_not_found(alpha, key_a):
    p = ticket(alpha, price=10000, dprice=8000)
    booking = bookings.reserve(api_key=key_a[0], merchant=alpha, product_id=p.pk, units=1, day=day(3))
    other = make_distributor("乙旅行社", [alpha], deposit=100_000)
    _, raw_b = key_for(other, [alpha])
    for path in (f"{booking.uuid}/", f"{booking.uuid}/confirm/", f"{booking.uuid}/cancel/"):
        response = (octo(raw_b).get if path.endswith(f"{booking.uuid}/") else
                    lambda u: post(octo(raw_b), u))(f"{BASE}/alpha/bookings/{path}")
        assert response.status_code == 404 and response.json()["code"] == "booking_not_found", path
    assert octo(raw_b).get("/api/v1/octo/bookings/").json()["count"] == 0


def test_member_session_and_anonymous_cannot_use_octo(alpha, dist_a, client_for):
    assert client_for("dst_admin").get(f"{BASE}/alpha/products/").json()["code"] == "api_key_required"
    assert client_for(None).get(f"{BASE}/alpha/products/").status_code in (401, 403)


def test_reserve_confirm_cancel_roundtrip(alpha, dist_a, key_a):
    p = ticket(alpha, capacity=10, price=10000, dprice=8000)
    client = octo(key_a[1])
    made = post(client, f"{BASE}/alpha/bookings/", {"product_id": p.pk, "units": 2, "day": str(day(3)),
                                                    "reseller_reference": "R-1", "contact_name": "王五"}, key="r-1")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "on_hold" and body["pricing"]["net_fen"] == 16000
    assert body["pricing"]["retail_fen"] == 20000
    assert slot(alpha, p) == (10, 0, 2)
    url = f"{BASE}/alpha/bookings/{body['uuid']}/"
    confirmed = post(client, url + "confirm/").json()
    assert confirmed["status"] == "confirmed" and slot(alpha, p) == (10, 2, 0)
    assert post(client, url + "confirm/").json()["status"] == "confirmed"  # idempotent
    assert ledger.owed(f"distributor_deposit:{dist_a.pk}") == 100_000 - 16000
    assert dist_a.alerts.filter(kind="low_balance").exists()  # below the default 1000 yuan threshold
    booking = Booking.objects.get(uuid=body["uuid"])
    assert order_status(alpha, booking.order_id) == "paid"
    cancelled = post(client, url + "cancel/", {"units": 1}).json()
    assert cancelled["status"] == "confirmed" and cancelled["pricing"]["refunded_fen"] == 8000
    assert slot(alpha, p) == (10, 1, 0)
    assert post(client, url + "cancel/").json()["status"] == "cancelled"
    assert slot(alpha, p) == (10, 0, 0) and order_status(alpha, booking.order_id) == "refunded"
    assert ledger.owed(f"distributor_deposit:{dist_a.pk}") == 100_000
    assert ledger.trial_balance() == 0


def test_cancel_on_hold_releases_inventory(alpha, key_a):
    p = ticket(alpha, capacity=3, price=10000, dprice=8000)
    booking = bookings.reserve(api_key=key_a[0], merchant=alpha, product_id=p.pk, units=3, day=day(3))
    assert slot(alpha, p) == (3, 0, 3)
    response = post(octo(key_a[1]), f"{BASE}/alpha/bookings/{booking.uuid}/cancel/")
    assert response.json()["status"] == "cancelled" and slot(alpha, p) == (3, 0, 0)
    assert order_status(alpha, booking.order_id) == "cancelled"
    assert post(octo(key_a[1]), f"{BASE}/alpha/bookings/{booking.uuid}/confirm/").json()["code"] == \
        "invalid_transition"


def test_idempotency_key_required_and_replayed(alpha, key_a):
    p = ticket(alpha, capacity=10, price=10000, dprice=8000)
    client, url = octo(key_a[1]), f"{BASE}/alpha/bookings/"
    body = {"product_id": p.pk, "units": 1, "day": str(day(3))}
    missing = post(client, url, body)
    assert missing.status_code == 400 and missing.json()["code"] == "idempotency_key_required"
    first = post(client, url, body, key="same")
    again = post(client, url, body, key="same")
    assert again.json()["uuid"] == first.json()["uuid"] and again["Idempotent-Replayed"] == "true"
    other = post(client, url, {**body, "units": 2}, key="same")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert Booking.objects.count() == 1 and slot(alpha, p) == (10, 0, 1)


def test_sold_out_and_validation_errors_leave_nothing(alpha, key_a):
    p = ticket(alpha, capacity=2, price=10000, dprice=8000)
    client, url = octo(key_a[1]), f"{BASE}/alpha/bookings/"
    sold_out = post(client, url, {"product_id": p.pk, "units": 3, "day": str(day(3))}, key="a")
    assert sold_out.status_code == 409 and sold_out.json()["code"] == "sold_out"
    no_day = post(client, url, {"product_id": p.pk, "units": 1}, key="b")
    assert no_day.json()["code"] == "day_required"
    unknown = post(client, url, {"product_id": 99999, "units": 1, "day": str(day(3))}, key="c")
    assert unknown.status_code == 404 and unknown.json()["code"] == "product_not_found"
    assert not Booking.objects.exists() and slot(alpha, p) == (2, 0, 0)


def test_group_booking_needs_traveller_list_and_spans_lines(alpha, dist_a, key_a):
    p = ticket(alpha, capacity=300, dprice=5000, price=10000)
    client, url = octo(key_a[1]), f"{BASE}/alpha/bookings/"
    no_list = post(client, url, {"product_id": p.pk, "units": 150, "day": str(day(3))}, key="g0")
    assert no_list.json()["code"] == "travellers_required"
    people = [{"name": f"游客{i}", "id_type": "passport", "id_no": f"E{i:08d}"} for i in range(150)]
    wrong = post(client, url, {"product_id": p.pk, "units": 150, "day": str(day(3)), "travellers": people[:10]},
                 key="g1")
    assert wrong.json()["code"] == "travellers_mismatch"
    made = post(client, url, {"product_id": p.pk, "units": 150, "day": str(day(3)), "travellers": people},
                key="g2")
    assert made.status_code == 201, made.content
    assert made.json()["units"] == 150 and made.json()["pricing"]["net_fen"] == 750_000
    assert made.json()["travellers"][0]["id_no"].startswith("E0") and "*" in made.json()["travellers"][0]["id_no"]
    assert slot(alpha, p) == (300, 0, 150)
    # 7500 yuan > 1000 yuan deposit and no credit line
    denied = post(client, f"{url}{made.json()['uuid']}/confirm/")
    assert denied.status_code == 409 and denied.json()["code"] == "insufficient_funds"
    assert slot(alpha, p) == (300, 0, 150)


def test_expired_holds_are_released_by_the_sweep(alpha, key_a):
    p = ticket(alpha, capacity=4, price=10000, dprice=8000)
    booking = bookings.reserve(api_key=key_a[0], merchant=alpha, product_id=p.pk, units=4, day=day(3),
                               hold_minutes=1)
    Booking.objects.filter(pk=booking.pk).update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    confirm = post(octo(key_a[1]), f"{BASE}/alpha/bookings/{booking.uuid}/confirm/")
    assert confirm.json()["code"] == "booking_expired"
    assert bookings.expire_due() == 1
    booking.refresh_from_db()
    assert booking.status == "expired" and slot(alpha, p) == (4, 0, 0)


def test_revoked_authorisation_blocks_new_bookings_but_not_reads(alpha, dist_a, key_a):

    p = ticket(alpha, price=10000, dprice=8000)
    booking = bookings.reserve(api_key=key_a[0], merchant=alpha, product_id=p.pk, units=1, day=day(3))
    contract = contracts.contract_for(dist_a.pk, alpha)
    contracts.decide(merchant=alpha, contract_id=contract.pk, user=make_user("alpha_owner"), to="revoked",
                     note="停止合作")
    assert not dist_a.merchants.filter(pk=alpha.pk).exists()
    client = octo(key_a[1])
    assert client.get(f"{BASE}/alpha/products/").json()["code"] == "supplier_not_authorised"
    assert client.get(f"{BASE}/alpha/bookings/{booking.uuid}/").json()["status"] == "on_hold"
    assert post(client, f"{BASE}/alpha/bookings/{booking.uuid}/cancel/").json()["status"] == "cancelled"
    assert client.get(f"{BASE}/alpha/bookings/{uuid.uuid4()}/").json()["code"] == "booking_not_found"


def test_rooms_goods_and_packages_through_the_same_api(alpha, dist_a, key_a):
    from tenants.utils import in_tenant

    with in_tenant(alpha):
        room = catalog.create_product(kind="room", name="山景房", base_price_fen=40000, distributor_price_fen=30000,
                                      on_shelf=True)
        inventory.set_capacity(product=room, days=[day(3), day(4)], sessions=[""], capacity=2)
        tea = catalog.create_product(kind="goods", name="云雾茶", base_price_fen=5000, distributor_price_fen=4000,
                                     on_shelf=True)
        inventory.set_capacity(product=tea, days=[None], sessions=[""], capacity=7)
        pkg = catalog.create_product(kind="package", name="两人套票", base_price_fen=18000,
                                     distributor_price_fen=15000)
    ticket_ = ticket(alpha, capacity=9, price=10000, dprice=8000)
    with in_tenant(alpha):
        catalog.set_package_items(package_id=pkg.pk, items=[{"component_id": ticket_.pk, "quantity": 2}])
        catalog.set_on_shelf(product_id=pkg.pk, on_shelf=True)
    client, url = octo(key_a[1]), f"{BASE}/alpha/bookings/"
    stay = post(client, url, {"product_id": room.pk, "units": 1, "day": str(day(3)), "nights": 2}, key="room")
    assert stay.status_code == 201 and stay.json()["pricing"]["net_fen"] == 60000
    assert stay.json()["pricing"]["retail_fen"] == 80000
    assert slot(alpha, room, 3) == (2, 0, 1) and slot(alpha, room, 4) == (2, 0, 1)
    goods = post(client, url, {"product_id": tea.pk, "units": 3}, key="tea")
    assert goods.status_code == 201 and goods.json()["pricing"]["net_fen"] == 12000
    stock = client.get(f"{BASE}/alpha/availability/", {"product_id": tea.pk}).json()["slots"]
    assert [(s["day"], s["vacancies"]) for s in stock] == [(None, 4)]
    packed = client.get(f"{BASE}/alpha/availability/", {"product_id": pkg.pk, "start": str(day(3)),
                                                        "end": str(day(3))}).json()["slots"]
    assert [s["vacancies"] for s in packed] == [4]  # 9 tickets, 2 per package
    bundle = post(client, url, {"product_id": pkg.pk, "units": 2, "day": str(day(3)), "travellers": [
        {"name": "甲", "id_type": "passport", "id_no": "E12345678"},
        {"name": "乙", "id_type": "passport", "id_no": "E12345679"}]}, key="pkg")
    assert bundle.status_code == 201 and bundle.json()["pricing"]["net_fen"] == 30000
    assert slot(alpha, ticket_) == (9, 0, 4)
    fund(dist_a, 100_000)
    for made in (stay, goods, bundle):
        assert post(client, f"{url}{made.json()['uuid']}/confirm/").json()["status"] == "confirmed"
    assert ledger.owed(f"distributor_deposit:{dist_a.pk}") == 200_000 - 60000 - 12000 - 30000
    assert slot(alpha, ticket_) == (9, 4, 0) and slot(alpha, room, 4) == (2, 1, 0)
    assert ledger.trial_balance() == 0
