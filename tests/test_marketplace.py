"""The public listing index (kept in step with the catalog, same transaction) and the
marketplace browse/detail API on the platform host."""

from datetime import timedelta

import pytest

from shared_apps.marketplace import services as marketplace_services
from shared_apps.marketplace.models import Listing
from tenant_apps.catalog import selectors, services
from tenant_apps.catalog.models import Product
from tenants.models import Merchant
from tenants.utils import in_tenant
from tests.builders.catalog import new_product

pytestmark = pytest.mark.django_db

LISTINGS = "/api/v1/market/listings/"


def listing_of(merchant, product) -> Listing:
    return Listing.objects.get(merchant=merchant, product_id=product.pk)


@pytest.mark.clock
def test_every_catalog_write_updates_the_listing(merchants):
    alpha = merchants["alpha"]
    product = new_product(alpha, name="成人票", subtitle="当日有效")
    listing = listing_of(alpha, product)
    assert (listing.name, listing.kind, listing.on_shelf, listing.min_price_fen) == ("成人票", "ticket", False, 10000)
    assert (listing.merchant_name, listing.merchant_kind) == ("阿尔法景区", "scenic")
    with in_tenant(alpha):
        services.update_product(product_id=product.pk, name="成人票（新）", base_price_fen=12000)
        services.set_on_shelf(product_id=product.pk, on_shelf=True)
        policy = services.add_price_policy(product_id=product.pk, start_date=selectors.today(), price_fen=9900)
    listing.refresh_from_db()
    assert (listing.name, listing.on_shelf, listing.min_price_fen) == ("成人票（新）", True, 9900)
    with in_tenant(alpha):
        services.delete_price_policy(policy_id=policy.pk)
    listing.refresh_from_db()
    assert listing.min_price_fen == 12000
    assert Listing.objects.filter(merchant=alpha).count() == 1


def test_a_failing_write_rolls_back_product_and_listing_together(merchants, monkeypatch):
    alpha = merchants["alpha"]
    product = new_product(alpha, name="原名")
    real_upsert = marketplace_services.upsert_listing

    def upsert_then_fail(**kwargs):
        real_upsert(**kwargs)
        assert Listing.objects.get(product_id=product.pk, merchant=alpha).name == "新名"  # written ...
        raise RuntimeError("boom")  # ... then the transaction fails

    monkeypatch.setattr(marketplace_services, "upsert_listing", upsert_then_fail)
    with in_tenant(alpha), pytest.raises(RuntimeError):
        services.update_product(product_id=product.pk, name="新名")
    with in_tenant(alpha):
        assert Product.objects.get(pk=product.pk).name == "原名"
    assert listing_of(alpha, product).name == "原名"


def test_listing_index_failure_blocks_the_catalog_write(merchants, monkeypatch):
    alpha = merchants["alpha"]

    def fail(**kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(marketplace_services, "upsert_listing", fail)
    with in_tenant(alpha), pytest.raises(RuntimeError):
        services.create_product(kind="ticket", name="不会存在", base_price_fen=1)
    with in_tenant(alpha):
        assert not Product.objects.filter(name="不会存在").exists()


def test_listings_show_only_on_shelf_products_of_active_merchants(merchants, client_for):
    alpha, beta = merchants["alpha"], merchants["beta"]
    ticket = new_product(alpha, name="阿尔法成人票", subtitle="含观光车", on_shelf=True)
    new_product(alpha, name="草稿票")
    room = new_product(beta, kind="room", name="湖景大床房", subtitle="含双早", base_price_fen=38800, on_shelf=True)
    platform = client_for()
    page = platform.get(LISTINGS).json()
    assert page["count"] == 2
    assert {(r["merchant"], r["name"]) for r in page["results"]} == {("alpha", "阿尔法成人票"), ("beta", "湖景大床房")}
    row = next(r for r in page["results"] if r["product_id"] == room.pk)
    assert row["min_price_fen"] == 38800 and row["merchant_kind"] == "hotel" and row["kind"] == "room"

    assert [r["name"] for r in platform.get(LISTINGS + "?kind=room").json()["results"]] == ["湖景大床房"]
    assert [r["name"] for r in platform.get(LISTINGS + "?merchant=alpha").json()["results"]] == ["阿尔法成人票"]
    assert [r["name"] for r in platform.get(LISTINGS + "?q=观光").json()["results"]] == ["阿尔法成人票"]
    assert platform.get(LISTINGS + "?limit=1").json()["next"]

    with in_tenant(alpha):
        services.set_on_shelf(product_id=ticket.pk, on_shelf=False)
    assert [r["name"] for r in platform.get(LISTINGS).json()["results"]] == ["湖景大床房"]
    Merchant.objects.filter(pk=beta.pk).update(status="suspended")
    assert platform.get(LISTINGS).json()["count"] == 0


def test_market_api_lives_on_the_platform_host_only(merchants, client_for):
    assert client_for(None, "alpha").get(LISTINGS).status_code == 404
    assert client_for().get(LISTINGS).status_code == 200  # anonymous browsing


@pytest.mark.clock
def test_product_detail_reads_through_the_merchant_schema(merchants, client_for):
    alpha, beta = merchants["alpha"], merchants["beta"]
    ticket = new_product(alpha, name="成人票", on_shelf=True, sessions=["09:00-12:00"],
                         attributes={"face_text": "阿尔法 成人票", "valid_days": 1})
    package = new_product(alpha, kind="package", name="套票", base_price_fen=15000)
    with in_tenant(alpha):
        services.set_package_items(package_id=package.pk, items=[{"component_id": ticket.pk, "quantity": 2}])
        services.set_on_shelf(product_id=package.pk, on_shelf=True)
        weekend = [d for d in range(7) if d >= 5]
        services.add_price_policy(product_id=ticket.pk, start_date=selectors.today(), weekdays=weekend,
                                  price_fen=12000)
    with in_tenant(beta):
        wifi = services.create_facility(name="免费WiFi", icon="wifi")
        room = services.create_product(kind="room", name="大床房", base_price_fen=38800, facility_ids=[wifi.pk],
                                       on_shelf=True, attributes={"bed_type": "1.8米大床", "breakfast": True})
    platform = client_for()
    url = "/api/v1/market/merchants/{}/products/{}/"

    detail = platform.get(url.format("alpha", ticket.pk)).json()
    assert detail["merchant"] == {"schema": "alpha", "name": "阿尔法景区", "kind": "scenic"}
    assert detail["attributes"]["face_text"] == "阿尔法 成人票" and detail["sessions"] == ["09:00-12:00"]
    calendar = detail["price_calendar"]
    assert len(calendar) == 30 and calendar[0]["price_fen"] == detail["price_fen"]
    today = selectors.today()
    for offset, day in enumerate(calendar):
        weekday = (today + timedelta(days=offset)).weekday()
        assert day["price_fen"] == (12000 if weekday >= 5 else 10000)

    pkg = platform.get(url.format("alpha", package.pk)).json()
    assert pkg["components"] == [{"product_id": ticket.pk, "name": "成人票", "kind": "ticket", "quantity": 2}]
    assert pkg["price_fen"] == 15000
    hotel = platform.get(url.format("beta", room.pk)).json()
    assert hotel["facilities"] == [{"id": wifi.pk, "name": "免费WiFi", "icon": "wifi"}]

    # Wrong merchant for the id, off shelf, unknown or suspended merchant: 404 not_found.
    with in_tenant(alpha):
        services.set_on_shelf(product_id=ticket.pk, on_shelf=False)
    for schema, pk in [("alpha", ticket.pk), ("beta", 999999), ("nosuch", 1), ("public", 1)]:
        response = platform.get(url.format(schema, pk))
        assert response.status_code == 404 and response.json()["code"] == "not_found", schema
    Merchant.objects.filter(pk=beta.pk).update(status="suspended")
    assert platform.get(url.format("beta", room.pk)).status_code == 404


def test_refresh_all_listings_recomputes_todays_price(merchants):
    alpha = merchants["alpha"]
    product = new_product(alpha, base_price_fen=5000, on_shelf=True)
    Listing.objects.filter(merchant=alpha, product_id=product.pk).update(min_price_fen=1)
    assert marketplace_services.refresh_all_listings() >= 1
    assert listing_of(alpha, product).min_price_fen == 5000


def test_api_schemas_list_the_catalog_and_market_endpoints(merchants, client_for):
    platform = client_for().get("/api/schema/?format=json").json()["paths"]
    assert "/api/v1/market/listings/" in platform
    assert "/api/v1/market/merchants/{schema}/products/{product_id}/" in platform
    merchant = client_for(None, "alpha").get("/api/schema/?format=json").json()["paths"]
    for path in ("products/", "products/{id}/", "products/{id}/price-calendar/", "facilities/", "prices/{id}/"):
        assert f"/api/v1/merchant/{path}" in merchant, path
