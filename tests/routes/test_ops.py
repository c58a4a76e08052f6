"""Operators build routes and bundles through the API and the console pages; publish/withdraw
go through the transition table with event rows."""

from shared_apps.routes.models import Route, RouteEvent
from tests.builders import catalog
from tests.builders.accounts import make_operator, make_user
from tests.builders.catalog import goods, room
from tests.builders.clients import call

API = "/api/v1/ops/routes/"


def test_route_crud_and_publish_via_api(alpha, beta, gamma, client_for):
    make_operator("op_reviewer", role="reviewer")
    ops = client_for("op_reviewer")
    made = call(ops, "post", API, {"kind": "route", "code": "lushan-2d", "name": "庐山二日游", "days": 2,
                                   "description": "两天一晚"})
    assert made.status_code == 201 and made.json()["status"] == "draft"
    pk = made.json()["id"]
    assert call(ops, "post", API, {"code": "lushan-2d", "name": "重复"}).json()["code"] == "code_taken"
    assert call(ops, "post", API, {"code": "Bad Code!", "name": "x"}).json()["code"] == "code_invalid"

    t1 = catalog.ticket(alpha, sessions=["09:00-12:00", "13:00-17:00"], price=10000, dprice=8000)
    r = room(beta, price=30000, dprice=25000, days=(3, 4))
    t2 = catalog.ticket(gamma, name="伽马门票", price=10000, dprice=8000)
    picker = ops.get(f"/api/v1/ops/route-merchants/{alpha.schema_name}/products/").json()
    assert [(p["id"], p["sessions"]) for p in picker] == [(t1.pk, ["09:00-12:00", "13:00-17:00"])]
    comp = f"{API}{pk}/components/"
    assert call(ops, "post", comp, {"merchant": "alpha", "product_id": t1.pk}).json()["code"] == "session_invalid"
    first = call(ops, "post", comp, {"merchant": "alpha", "product_id": t1.pk, "session": "09:00-12:00"})
    assert first.status_code == 201
    assert call(ops, "post", comp, {"merchant": "beta", "product_id": r.pk, "nights": 1}).status_code == 201
    assert call(ops, "post", comp, {"merchant": "gamma", "product_id": t2.pk, "day": 3}).json()["code"] \
        == "day_offset_invalid"
    assert call(ops, "post", comp, {"merchant": "gamma", "product_id": 999999}).json()["code"] == "product_not_found"
    assert call(ops, "post", comp, {"merchant": "gamma", "product_id": t2.pk, "nights": 2}).json()["code"] \
        == "nights_invalid"
    third = call(ops, "post", comp, {"merchant": "gamma", "product_id": t2.pk, "day": 2, "quantity": 1})
    assert third.status_code == 201 and third.json()["day"] == 2

    published = call(ops, "post", f"{API}{pk}/publish/", {"note": "上线"})
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert [(c["merchant"], c["day"]) for c in published.json()["components"]] == [
        ("alpha", 1), ("beta", 1), ("gamma", 2)]
    assert call(ops, "patch", f"{API}{pk}/", {"days": 3}).json()["code"] == "route_published"
    assert call(ops, "patch", f"{API}{pk}/", {"name": "庐山经典二日游"}).json()["name"] == "庐山经典二日游"
    assert call(ops, "post", comp, {"merchant": "gamma", "product_id": t2.pk}).json()["code"] == "route_published"
    assert call(ops, "post", f"{API}{pk}/publish/").json()["code"] == "invalid_transition"
    assert call(ops, "post", f"{API}{pk}/withdraw/").json()["status"] == "withdrawn"
    cid = third.json()["id"]
    assert ops.delete(f"{API}{pk}/components/{cid}/").status_code == 204
    detail = ops.get(f"{API}{pk}/").json()
    assert len(detail["components"]) == 2
    assert [(e["from"], e["to"]) for e in detail["events"]] == [("draft", "published"), ("published", "withdrawn")]
    assert RouteEvent.objects.filter(subject="route", subject_id=pk).count() == 2
    assert [r["code"] for r in ops.get(API, {"status": "withdrawn"}).json()] == ["lushan-2d"]

    single = call(ops, "post", API, {"kind": "bundle", "code": "one-thing", "name": "单品", "days": 5})
    assert single.json()["days"] == 1
    call(ops, "post", f"{API}{single.json()['id']}/components/", {"merchant": "alpha", "product_id": t1.pk,
                                                                  "session": "13:00-17:00"})
    assert call(ops, "post", f"{API}{single.json()['id']}/publish/").json()["code"] == "components_required"


def test_route_api_permissions(alpha, client_for):
    make_operator("op_finance", role="finance")
    assert call(client_for("op_finance"), "post", API, {"code": "x-1", "name": "x"}).status_code == 403
    assert client_for("op_finance").get(API).status_code == 200
    make_user("tourist_a")
    assert client_for("tourist_a").get(API).status_code == 403
    assert client_for().get(API).status_code in (401, 403)


def test_console_pages_build_and_publish_a_bundle(alpha, beta, client_for):
    make_operator("op_reviewer", role="reviewer")
    ops = client_for("op_reviewer")
    ticket = catalog.ticket(alpha, price=10000, dprice=8000)
    gift = goods(beta, name="湖景伴手礼", stock=10, price=5000, dprice=4000)
    assert "线路与组合产品" in ops.get("/ops/routes/").content.decode()
    created = ops.post("/ops/routes/", {"kind": "bundle", "code": "ticket-gift", "name": "门票+礼盒", "days": "1"})
    route = Route.objects.get(code="ticket-gift")
    assert created.status_code == 302 and created["Location"] == f"/ops/routes/{route.pk}/"
    page = ops.get(f"/ops/routes/{route.pk}/", {"merchant": "alpha"}).content.decode()
    assert ticket.name in page and "添加组件" in page
    for merchant, product in (("alpha", ticket), ("beta", gift)):
        done = ops.post(f"/ops/routes/{route.pk}/components/", {"merchant": merchant, "product_id": product.pk,
                                                                "quantity": "1", "nights": "1"})
        assert done.status_code == 302
    assert route.components.count() == 2
    ops.post(f"/ops/routes/{route.pk}/status/", {"decision": "publish"})
    route.refresh_from_db()
    assert route.status == "published"
    page = ops.get(f"/ops/routes/{route.pk}/").content.decode()
    assert "已发布" in page and gift.name in page and "下架" in page
    assert ops.get("/ops/route-bookings/").status_code == 200
    ops.post(f"/ops/routes/{route.pk}/status/", {"decision": "withdraw"})
    route.refresh_from_db()
    assert route.status == "withdrawn"

    make_operator("op_finance", role="finance")
    finance = client_for("op_finance")
    assert finance.get("/ops/routes/").status_code == 200
    assert finance.post(f"/ops/routes/{route.pk}/status/", {"decision": "publish"}).status_code == 403
    make_user("tourist_b")
    assert client_for("tourist_b").get("/ops/routes/").status_code == 403
