"""The buying API: cart, checkout with Idempotency-Key, order centre, merchant order handling."""

import pytest

from shared_apps.checkout import services as checkout
from tests.builders.accounts import make_user
from tests.builders.catalog import room, slots, ticket
from tests.builders.checkout import pay
from tests.builders.dates import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def tourist(db):
    return make_user("lihua", display_name="李华", phone="13800000002")


def test_cart_to_checkout_and_order_centre(merchants, api):
    alpha, beta = merchants["alpha"], merchants["beta"]
    t, r = ticket(alpha), room(beta)
    assert api("post", "/api/v1/cart/items/", {"merchant": "alpha", "product_id": t.pk, "quantity": 2,
                                               "day": str(day(3))}).status_code == 201
    assert api("post", "/api/v1/cart/items/", {"merchant": "beta", "product_id": r.pk, "quantity": 1,
                                               "day": str(day(3)), "nights": 2}).status_code == 201
    assert len(api("get", "/api/v1/cart/").json()) == 2
    created = api("post", "/api/v1/checkouts/", {"from_cart": True, "contact_name": "李华"},
                  HTTP_IDEMPOTENCY_KEY="k1")
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["parts"]) == 2 and body["status"] == "pending_payment"
    assert api("get", "/api/v1/cart/").json() == []
    replay = api("post", "/api/v1/checkouts/", {"from_cart": True, "contact_name": "李华"},
                 HTTP_IDEMPOTENCY_KEY="k1")
    assert replay.json()["id"] == body["id"] and replay["Idempotent-Replayed"] == "true"
    other = api("post", "/api/v1/checkouts/", {"from_cart": True, "contact_name": "王五"},
                HTTP_IDEMPOTENCY_KEY="k1")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"

    orders = api("get", "/api/v1/me/orders/").json()["results"]
    assert {o["merchant"] for o in orders} == {"alpha", "beta"}
    assert [o["merchant"] for o in api("get", "/api/v1/me/orders/?q=湖景").json()["results"]] == ["beta"]
    assert api("get", "/api/v1/me/orders/?q=贝塔").json()["count"] == 1  # merchant name
    beta_no = next(o["order_no"] for o in orders if o["merchant"] == "beta")
    detail = api("get", f"/api/v1/me/orders/beta/{beta_no}/").json()
    assert detail["lines"][0]["nights"] == 2 and detail["status"] == "pending_payment"
    cancelled = api("post", f"/api/v1/checkouts/{body['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    assert slots(alpha, t) == [(10, 0, 0)]


def test_errors_are_coded(merchants, api):
    t = ticket(merchants["alpha"], capacity=1)
    assert api("post", "/api/v1/checkouts/", {}).json()["code"] == "invalid"
    sold_out = api("post", "/api/v1/checkouts/", {"items": [{"merchant": "alpha", "product_id": t.pk,
                                                             "quantity": 2, "day": str(day(3))}]})
    assert sold_out.status_code == 409
    assert sold_out.json()["code"] == "sold_out" and sold_out.json()["details"]["left"] == 1
    assert api("get", "/api/v1/checkouts/999999/").json()["code"] == "not_found"


def test_other_tourist_sees_nothing(merchants, api, client):
    t = ticket(merchants["alpha"])
    co = checkout.place_checkout(user=make_user("zhangsan"), items=[
        checkout.Item("alpha", t.pk, 1, day(3))])
    assert api("get", f"/api/v1/checkouts/{co.pk}/").status_code == 404
    assert api("get", "/api/v1/me/orders/").json()["count"] == 0
    order_no = co.parts.get().order_no
    assert api("get", f"/api/v1/me/orders/alpha/{order_no}/").status_code == 404


def test_refund_partial_then_full_returns_inventory(merchants, api, client_for, tourist):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=10)
    co = checkout.place_checkout(user=tourist, items=[checkout.Item("alpha", t.pk, 3, day(3))])
    pay(co)
    order_no = co.parts.get().order_no
    line_id = api("get", f"/api/v1/me/orders/alpha/{order_no}/").json()["lines"][0]["id"]
    asked = api("post", f"/api/v1/me/orders/alpha/{order_no}/refund/",
                {"reason": "行程变更", "lines": [{"line_id": line_id, "quantity": 1}]})
    assert asked.status_code == 201 and asked.json()["amount_fen"] == 12000
    again = api("post", f"/api/v1/me/orders/alpha/{order_no}/refund/", {})
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"

    staff = client_for("alpha_clerk", "alpha")
    refund_id = staff.get("/api/v1/merchant/refunds/?status=requested").json()[0]["id"]
    decided = staff.post(f"/api/v1/merchant/refunds/{refund_id}/approve/", {"note": "同意"},
                         content_type="application/json").json()
    assert decided["status"] == "partially_refunded" and decided["refunded_fen"] == 12000
    assert slots(alpha, t) == [(10, 2, 0)]
    api("post", f"/api/v1/me/orders/alpha/{order_no}/refund/", {"reason": "全部退"})
    refund_id = staff.get("/api/v1/merchant/refunds/?status=requested").json()[0]["id"]
    final = staff.post(f"/api/v1/merchant/refunds/{refund_id}/approve/", {}, content_type="application/json")
    assert final.json()["status"] == "refunded" and final.json()["refunded_fen"] == 36000
    assert slots(alpha, t) == [(10, 0, 0)]
    wallet = api("get", "/api/v1/me/wallet/").json()
    assert wallet["balance_fen"] == 36000  # paid from the wallet, so refunded to the wallet


def test_merchant_handles_orders_and_inventory(merchants, client_for, tourist):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=10)
    co = checkout.place_checkout(user=tourist, items=[checkout.Item("alpha", t.pk, 2, day(3))])
    checkout.mark_paid(checkout_id=co.pk)
    owner = client_for("alpha_owner", "alpha")
    rows = owner.get("/api/v1/merchant/orders/?status=paid").json()["results"]
    assert len(rows) == 1
    order_id = rows[0]["id"]
    assert owner.post(f"/api/v1/merchant/orders/{order_id}/fulfil/", {}, content_type="application/json"
                      ).json()["status"] == "used"
    assert owner.post(f"/api/v1/merchant/orders/{order_id}/complete/").json()["status"] == "completed"
    assert client_for("beta_owner", "beta").get("/api/v1/merchant/orders/").json()["count"] == 0

    shrink = owner.put(f"/api/v1/merchant/products/{t.pk}/inventory/",
                       {"start": str(day(3)), "end": str(day(3)), "capacity": 1}, content_type="application/json")
    assert shrink.status_code == 409 and shrink.json()["code"] == "capacity_below_sold"
    grow = owner.put(f"/api/v1/merchant/products/{t.pk}/inventory/",
                     {"start": str(day(3)), "end": str(day(9)), "capacity": 30}, content_type="application/json")
    assert grow.json()["updated"] == 7
    avail = client_for().get(f"/api/v1/market/merchants/alpha/products/{t.pk}/availability/").json()
    assert avail["slots"][0]["left"] == 28
    assert client_for("alpha_clerk", "alpha").put(
        f"/api/v1/merchant/products/{t.pk}/inventory/", {"capacity": 1}, content_type="application/json"
    ).status_code == 403
