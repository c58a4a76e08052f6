"""Catalog (EC-TKT-03/04/06, EC-HTL-02/04/05, EC-FNB-02/04, EC-SHP-02/05): products of every
kind, per-kind attributes, price policies, packages, permissions and isolation."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from shared_apps.accounts.services import issue_api_key
from shared_apps.core.failures import DomainError
from tenant_apps.catalog import selectors, services
from tenant_apps.catalog.demo import seed_catalog
from tenant_apps.catalog.models import PackageItem, Product
from tenants.utils import in_tenant
from tests.builders.catalog import new_product
from tests.builders.distribution import make_distributor

pytestmark = pytest.mark.django_db

API = "/api/v1/merchant/"
TICKET = {"kind": "ticket", "name": "成人票", "base_price_fen": 10000, "distributor_price_fen": 8000,
          "attributes": {"face_text": "阿尔法景区 成人票", "booking_notes": "凭身份证入园", "advance_hours": 2,
                         "valid_days": 1, "entry_start": "08:00", "entry_end": "17:00"}}
MONDAY = date(2030, 6, 3)  # a Monday
SATURDAY = MONDAY + timedelta(days=5)


def post(client, path, data):
    return client.post(API + path, data, content_type="application/json")


def patch(client, path, data):
    return client.patch(API + path, data, content_type="application/json")


def code_of(call) -> str:
    with pytest.raises(DomainError) as exc:
        call()
    return exc.value.code


# ---- products through the API -----------------------------------------------------------------


def test_owner_creates_reads_and_updates_a_ticket(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    created = post(owner, "products/", TICKET)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["inventory_mode"] == "dated" and body["on_shelf"] is False
    assert body["attributes"]["face_text"] == "阿尔法景区 成人票"
    assert body["prices_today"] == {"tourist": 10000, "distributor": 8000}
    pk = body["id"]

    listed = owner.get(API + "products/?kind=ticket&on_shelf=false").json()
    assert [p["id"] for p in listed["results"]] == [pk]
    assert owner.get(API + "products/?kind=room").json()["count"] == 0

    changed = patch(owner, f"products/{pk}/", {"name": "成人票（含讲解）", "sessions": ["09:00-12:00", "13:00-17:00"],
                                                "attributes": {"face_text": "新票面", "valid_days": 2}})
    assert changed.status_code == 200, changed.json()
    got = owner.get(API + f"products/{pk}/").json()
    assert got["name"] == "成人票（含讲解）" and got["sessions"] == ["09:00-12:00", "13:00-17:00"]
    assert got["attributes"] == {"face_text": "新票面", "valid_days": 2}  # replaced as a whole

    shelf = post(owner, f"products/{pk}/shelf/", {"on_shelf": True})
    assert shelf.status_code == 200 and shelf.json()["on_shelf"] is True
    assert owner.get(API + "products/?on_shelf=true").json()["count"] == 1


def test_default_inventory_mode_follows_the_kind(merchants):
    expected = {"ticket": "dated", "room": "dated", "package": "dated", "goods": "stock", "dish": "unlimited"}
    for kind, mode in expected.items():
        assert new_product(merchants["alpha"], kind=kind).inventory_mode == mode
    assert new_product(merchants["alpha"], kind="goods", inventory_mode="unlimited").inventory_mode == "unlimited"


@pytest.mark.parametrize("kind, attributes, bad_key", [
    ("ticket", {"advance_hours": "2"}, "advance_hours"),
    ("ticket", {"entry_start": "9点"}, "entry_start"),
    ("ticket", {"entry_start": "18:00", "entry_end": "08:00"}, "entry_end"),
    ("room", {"breakfast": 1}, "breakfast"),
    ("room", {"max_guests": 0}, "max_guests"),
    ("dish", {"spicy": 4}, "spicy"),
    ("goods", {"shipping_fee_fen": -1}, "shipping_fee_fen"),
    ("goods", {"colour": "red"}, "colour"),
    ("dish", {"bed_type": "大床"}, "bed_type"),
])
def test_attributes_are_validated_per_kind(merchants, client_for, kind, attributes, bad_key):
    response = post(client_for("alpha_owner", "alpha"), "products/",
                    {"kind": kind, "name": "x", "base_price_fen": 100, "attributes": attributes})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "attributes_invalid" and body["message"] == "商品属性有误"
    assert bad_key in body["details"]["attributes"]


def test_valid_attributes_of_every_kind(merchants):
    alpha = merchants["alpha"]
    new_product(alpha, kind="room",
                attributes={"bed_type": "1.8米大床", "area_m2": 32.5, "max_guests": 2, "breakfast": True})
    new_product(alpha, kind="dish", attributes={"category": "招牌菜", "spicy": 3, "unit": "份"})
    new_product(alpha, kind="goods",
                attributes={"sku": "A-1", "weight_g": 500, "origin": "江西", "shipping_fee_fen": 0})


def test_sessions_prices_and_kind_are_checked(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    bad_session = post(owner, "products/", {**TICKET, "sessions": ["13:00-09:00"]})
    assert bad_session.json()["code"] == "sessions_invalid"
    goods_session = post(owner, "products/", {"kind": "goods", "name": "茶", "base_price_fen": 1,
                                              "sessions": ["09:00-10:00"]})
    assert goods_session.json()["code"] == "sessions_invalid"
    negative = post(owner, "products/", {**TICKET, "base_price_fen": -1})
    assert negative.status_code == 400 and "base_price_fen" in negative.json()["details"]
    pk = post(owner, "products/", TICKET).json()["id"]
    assert patch(owner, f"products/{pk}/", {"kind": "room"}).json()["code"] == "kind_immutable"
    assert patch(owner, f"products/{pk}/", {"on_shelf": True}).json()["code"] == "field_not_editable"
    assert code_of(lambda: new_product(merchants["alpha"], base_price_fen=-5)) == "price_invalid"
    with in_tenant(merchants["alpha"]), pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.create(kind="ticket", name="x", base_price_fen=-1, inventory_mode="dated")


def test_clerk_reads_but_cannot_write(merchants, client_for):
    pk = new_product(merchants["alpha"]).pk
    clerk = client_for("alpha_clerk", "alpha")
    assert clerk.get(API + "products/").status_code == 200
    assert clerk.get(API + f"products/{pk}/prices/").status_code == 200
    for response in (post(clerk, "products/", TICKET), patch(clerk, f"products/{pk}/", {"name": "y"}),
                     post(clerk, f"products/{pk}/shelf/", {"on_shelf": True}),
                     post(clerk, f"products/{pk}/prices/", {"start_date": "2030-01-01", "price_fen": 1})):
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_merchant_staff_never_reach_another_merchants_catalog(merchants, client_for):
    alpha_pk = new_product(merchants["alpha"], name="阿尔法独有").pk
    beta_pk = new_product(merchants["beta"], kind="room", name="贝塔房型").pk
    intruder = client_for("alpha_owner", "beta")
    assert intruder.get(API + "products/").status_code == 403
    assert intruder.get(API + f"products/{beta_pk}/").status_code == 403
    assert patch(intruder, f"products/{beta_pk}/", {"name": "hacked"}).status_code == 403
    assert post(intruder, "products/", TICKET).status_code == 403
    beta_list = client_for("beta_owner", "beta").get(API + "products/").json()["results"]
    assert [p["name"] for p in beta_list] == ["贝塔房型"]
    with in_tenant(merchants["beta"]):
        assert Product.objects.get(pk=beta_pk).name == "贝塔房型"
        assert not Product.objects.filter(name="阿尔法独有").exists()
    assert alpha_pk


# ---- prices -----------------------------------------------------------------------------------


@pytest.mark.clock
def test_price_policy_resolution(merchants):
    alpha = merchants["alpha"]
    product = new_product(alpha, base_price_fen=10000, distributor_price_fen=8000)
    with in_tenant(alpha):
        assert selectors.price_for(product, MONDAY) == 10000
        assert selectors.price_for(product, MONDAY, "distributor") == 8000
        add = services.add_price_policy
        add(product_id=product.pk, start_date=MONDAY, weekdays=[5, 6], price_fen=12000, priority=1, note="周末")
        assert selectors.price_for(product, MONDAY) == 10000
        assert selectors.price_for(product, SATURDAY) == 12000
        assert selectors.price_for(product, MONDAY - timedelta(days=2)) == 10000  # Saturday before start_date
        # A holiday range beats the weekend price (higher priority) only inside its dates.
        add(product_id=product.pk, start_date=SATURDAY, end_date=SATURDAY + timedelta(days=1), price_fen=15000,
            priority=5)
        assert selectors.price_for(product, SATURDAY) == 15000
        assert selectors.price_for(product, SATURDAY + timedelta(days=7)) == 12000
        # Same priority: the newer policy wins.
        add(product_id=product.pk, start_date=SATURDAY, end_date=SATURDAY, price_fen=14000, priority=5)
        assert selectors.price_for(product, SATURDAY) == 14000
        # Channels are separate: tourist policies never touch the distributor price.
        assert selectors.price_for(product, SATURDAY, "distributor") == 8000
        add(product_id=product.pk, channel="distributor", start_date=MONDAY, price_fen=7000)
        assert selectors.price_for(product, SATURDAY, "distributor") == 7000
        calendar = selectors.price_calendar(product, MONDAY, MONDAY + timedelta(days=6))
        assert [d["price_fen"] for d in calendar] == [10000] * 5 + [14000, 15000]
        assert calendar[0]["date"] == MONDAY


def test_distributor_price_falls_back_to_base_and_packages_use_their_own_price(merchants):
    alpha = merchants["alpha"]
    plain = new_product(alpha, base_price_fen=5000)
    package = new_product(alpha, kind="package", base_price_fen=9900)
    with in_tenant(alpha):
        assert selectors.price_for(plain, MONDAY, "distributor") == 5000
        services.set_package_items(package_id=package.pk, items=[{"component_id": plain.pk, "quantity": 3}])
        assert selectors.price_for(package, MONDAY) == 9900  # not 3 x 5000
        assert code_of(lambda: selectors.price_for(plain, MONDAY, "vip")) == "channel_invalid"


@pytest.mark.clock
def test_price_policy_api_and_validation(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    pk = post(owner, "products/", TICKET).json()["id"]
    created = post(owner, f"products/{pk}/prices/", {"start_date": "2030-06-01", "end_date": "2030-06-30",
                                                     "weekdays": [5, 6], "price_fen": 12000, "priority": 3,
                                                     "note": "暑期周末"})
    assert created.status_code == 201, created.json()
    assert created.json()["channel"] == "tourist"
    backwards = post(owner, f"products/{pk}/prices/", {"start_date": "2030-06-30", "end_date": "2030-06-01",
                                                       "price_fen": 1})
    assert backwards.json()["code"] == "policy_invalid"
    assert post(owner, f"products/{pk}/prices/", {"start_date": "2030-06-01", "price_fen": 1,
                                                  "weekdays": [7]}).json()["code"] == "invalid"
    assert post(owner, f"products/{pk}/prices/", {"start_date": "2030-06-01", "price_fen": -1}).status_code == 400
    assert [p["price_fen"] for p in owner.get(API + f"products/{pk}/prices/").json()] == [12000]
    policy_id = created.json()["id"]
    assert owner.delete(API + f"prices/{policy_id}/").status_code == 204
    again = owner.delete(API + f"prices/{policy_id}/")
    assert again.status_code == 404 and again.json()["code"] == "not_found"
    assert owner.get(API + f"products/{pk}/prices/").json() == []


@pytest.mark.clock
def test_price_calendar_api(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    pk = post(owner, "products/", TICKET).json()["id"]
    post(owner, f"products/{pk}/prices/", {"start_date": "2030-01-01", "weekdays": [5, 6], "price_fen": 12000})
    week = owner.get(API + f"products/{pk}/price-calendar/?from=2030-06-03&to=2030-06-09").json()
    assert [d["price_fen"] for d in week] == [10000] * 5 + [12000, 12000]
    assert week[0]["date"] == "2030-06-03"
    dist = owner.get(API + f"products/{pk}/price-calendar/?from=2030-06-08&to=2030-06-08&channel=distributor")
    assert dist.json() == [{"date": "2030-06-08", "price_fen": 8000}]
    assert len(owner.get(API + f"products/{pk}/price-calendar/").json()) == 30
    assert len(owner.get(API + f"products/{pk}/price-calendar/?from=2030-01-01&to=2030-04-02").json()) == 92
    too_long = owner.get(API + f"products/{pk}/price-calendar/?from=2030-01-01&to=2030-04-03")
    assert too_long.status_code == 400 and too_long.json()["code"] == "range_too_long"
    assert owner.get(API + f"products/{pk}/price-calendar/?from=2030-02-01&to=2030-01-01").json()["code"] == \
        "range_invalid"
    assert owner.get(API + f"products/{pk}/price-calendar/?from=tomorrow").json()["code"] == "date_invalid"


# ---- packages and facilities --------------------------------------------------------------------


def test_package_goes_on_shelf_only_when_complete(merchants, client_for):
    alpha = merchants["alpha"]
    ticket, cable = new_product(alpha, name="门票"), new_product(alpha, name="索道", sessions=["08:00-12:00"])
    package = new_product(alpha, kind="package", name="套票", base_price_fen=15000)
    owner = client_for("alpha_owner", "alpha")
    empty = post(owner, f"products/{package.pk}/shelf/", {"on_shelf": True})
    assert empty.status_code == 409 and empty.json()["code"] == "package_incomplete"

    items = owner.put(API + f"products/{package.pk}/package-items/",
                      [{"component_id": ticket.pk, "quantity": 2}, {"component_id": cable.pk}],
                      content_type="application/json")
    assert items.status_code == 200, items.json()
    assert [(i["name"], i["quantity"]) for i in items.json()] == [("门票", 2), ("索道", 1)]
    off_components = post(owner, f"products/{package.pk}/shelf/", {"on_shelf": True})
    assert off_components.json()["code"] == "package_incomplete"
    with in_tenant(alpha):
        services.set_on_shelf(product_id=ticket.pk, on_shelf=True)
        services.set_on_shelf(product_id=cable.pk, on_shelf=True)
    assert post(owner, f"products/{package.pk}/shelf/", {"on_shelf": True}).json()["on_shelf"] is True
    detail = owner.get(API + f"products/{package.pk}/").json()
    assert [(c["name"], c["quantity"]) for c in detail["components"]] == [("门票", 2), ("索道", 1)]

    with in_tenant(alpha):
        package.refresh_from_db()
        assert [(p.name, q) for p, q in selectors.components_of(package)] == [("门票", 2), ("索道", 1)]
        assert selectors.components_of(ticket) == [(ticket, 1)]
        # Emptying an on-shelf package is refused and changes nothing.
        assert code_of(lambda: services.set_package_items(package_id=package.pk, items=[])) == "package_incomplete"
        assert PackageItem.objects.filter(package=package).count() == 2
        # Taking a component off shelf takes the package off shelf with it.
        services.set_on_shelf(product_id=cable.pk, on_shelf=False)
        package.refresh_from_db()
        assert package.on_shelf is False


def test_package_items_rules(merchants):
    alpha = merchants["alpha"]
    ticket = new_product(alpha)
    package = new_product(alpha, kind="package")
    other_package = new_product(alpha, kind="package")
    with in_tenant(alpha):
        def set_items(pid, items):
            return lambda: services.set_package_items(package_id=pid, items=items)

        assert code_of(set_items(ticket.pk, [{"component_id": ticket.pk}])) == "not_a_package"
        assert code_of(set_items(package.pk, [{"component_id": other_package.pk}])) == "package_items_invalid"
        assert code_of(set_items(package.pk, [{"component_id": 99999}])) == "package_items_invalid"
        assert code_of(set_items(package.pk, [{"component_id": ticket.pk, "quantity": 0}])) == \
            "package_items_invalid"
        assert code_of(set_items(package.pk, [{"component_id": ticket.pk}, {"component_id": ticket.pk}])) == \
            "package_items_invalid"


def test_facilities_belong_to_rooms(merchants, client_for):
    owner = client_for("beta_owner", "beta")
    wifi = post(owner, "facilities/", {"name": "免费WiFi", "icon": "wifi"})
    assert wifi.status_code == 201
    assert post(owner, "facilities/", {"name": "免费WiFi"}).json()["code"] == "facility_exists"
    assert [f["name"] for f in owner.get(API + "facilities/").json()] == ["免费WiFi"]
    room = post(owner, "products/", {"kind": "room", "name": "大床房", "base_price_fen": 38800,
                                     "facility_ids": [wifi.json()["id"]],
                                     "attributes": {"bed_type": "1.8米大床", "max_guests": 2, "breakfast": False}})
    assert room.status_code == 201, room.json()
    assert [f["name"] for f in room.json()["facilities"]] == ["免费WiFi"]
    ticket = post(owner, "products/", {**TICKET, "facility_ids": [wifi.json()["id"]]})
    assert ticket.json()["code"] == "facilities_not_allowed"
    assert post(owner, "products/", {"kind": "room", "name": "x", "base_price_fen": 1,
                                     "facility_ids": [424242]}).json()["code"] == "facility_not_found"
    cleared = patch(owner, f"products/{room.json()['id']}/", {"facility_ids": []})
    assert cleared.json()["facilities"] == []


# ---- distributors -------------------------------------------------------------------------------


@pytest.mark.clock
def test_distributor_key_reads_distributor_prices_only(merchants, client_for):
    alpha = merchants["alpha"]
    dist = make_distributor(merchants=[alpha])
    _, raw = issue_api_key(distributor=dist, name="main", merchants=[alpha])
    key = {"HTTP_X_API_KEY": raw}
    on_shelf = new_product(alpha, name="上架票", base_price_fen=10000, distributor_price_fen=8000, on_shelf=True)
    hidden = new_product(alpha, name="草稿票")
    with in_tenant(alpha):
        services.add_price_policy(product_id=on_shelf.pk, channel="distributor", start_date=MONDAY,
                                  weekdays=[5], price_fen=7500)
    client = client_for(None, "alpha")
    listed = client.get(API + "products/", **key).json()["results"]
    assert [p["name"] for p in listed] == ["上架票"]
    item = listed[0]
    assert "base_price_fen" not in item and "distributor_price_fen" not in item
    assert set(item["prices_today"]) == {"distributor"}
    assert client.get(API + f"products/{hidden.pk}/", **key).status_code == 404
    calendar = client.get(API + f"products/{on_shelf.pk}/price-calendar/?from=2030-06-07&to=2030-06-08"
                                "&channel=tourist", **key).json()
    assert [d["price_fen"] for d in calendar] == [8000, 7500]  # always the distributor channel
    assert client.get(API + f"products/{on_shelf.pk}/prices/", **key).status_code == 403
    write = client.post(API + "products/", TICKET, content_type="application/json", **key)
    assert write.status_code == 403
    staff_view = client_for("alpha_owner", "alpha").get(API + f"products/{on_shelf.pk}/").json()
    assert staff_view["base_price_fen"] == 10000 and staff_view["distributor_price_fen"] == 8000
    assert set(staff_view["prices_today"]) == {"tourist", "distributor"}


# ---- demo data ----------------------------------------------------------------------------------


def test_seed_catalog_is_idempotent_and_everything_is_on_shelf(merchants):
    alpha, beta = merchants["alpha"], merchants["beta"]
    assert seed_catalog(alpha) >= 4
    assert seed_catalog(alpha) == 0
    assert seed_catalog(beta) >= 2
    with in_tenant(alpha):
        assert not Product.objects.filter(on_shelf=False).exists()
        package = Product.objects.get(kind="package")
        assert len(selectors.components_of(package)) == 2
        assert Product.objects.exclude(sessions=[]).exists()  # a timed-session ticket
    with in_tenant(beta):
        rooms = Product.objects.filter(kind="room")
        assert rooms.count() >= 2 and all(r.facilities.exists() for r in rooms)
        assert not Product.objects.filter(on_shelf=False).exists()


@pytest.mark.parametrize("kind, name, expected_kind, at_least", [
    ("restaurant", "赣味楼", "dish", 5), ("shop", "景德镇瓷器馆", "goods", 3), ("shop", "云雾茶庄", "goods", 3),
])
def test_seed_catalog_for_restaurants_and_shops(merchants, kind, name, expected_kind, at_least):
    merchant = merchants["alpha"]
    merchant.kind, merchant.name = kind, name  # in memory only: reuse alpha's schema
    assert seed_catalog(merchant) >= at_least
    with in_tenant(merchant):
        assert set(Product.objects.values_list("kind", flat=True)) == {expected_kind}
        assert not Product.objects.filter(on_shelf=False).exists()
