"""A user or key of merchant A never reaches merchant B, and a tourist never reaches another
tourist's things: every route of both URL confs, enumerated with django.urls resolvers
(tests/builders/urls.py), so a new endpoint is covered without editing this file. Where a route
takes an id, it gets the id of the other tenant's (or tourist's) object."""

import pytest

from shared_apps.accounts.services import issue_api_key
from shared_apps.checkout.models import Checkout
from shared_apps.tourists import services as tourists
from shared_apps.tourists.models import Address, Traveller
from tests.builders import catalog, hotel
from tests.builders.accounts import make_user
from tests.builders.checkout import buy, order_of
from tests.builders.distribution import add_member, fund, key_for, make_distributor
from tests.builders.urls import Route, routes

pytestmark = pytest.mark.django_db

TENANT = routes("config.urls_tenant")
PUBLIC = routes("config.urls_public")
ALL_METHODS = ("get", "post", "patch", "delete")

# Routes a merchant host serves to anyone: signing in and out, health, the API description.
# Nothing of the merchant's is behind them. Every other route must refuse other merchants' staff.
# The login's own steps (the code, an operator's mandatory two-factor set-up) are open like the login.
TENANT_OPEN = {"health", "readiness", "schema", "swagger-ui", "login", "login-otp", "login-totp-setup", "logout",
               "register", "console-index"}

BETA_SECRET = "贝塔隐私房型"  # a product only beta has: never in a response to anyone else
TOURIST_SECRET = "乙旅客隐私"  # the other tourist's traveller and address
DISTRIBUTOR_SECRET = "甲旅行社私密"  # another distributor's name, on its deposit, members and keys


def status_ok_for_a_stranger(route: Route, response) -> bool:
    """Refused: 403 (JSON code permission_denied on the API), 405, or 404 for a page."""
    if response.status_code == 405:
        return True
    if response.status_code == 403:
        return not route.is_api or response.json()["code"] == "permission_denied"
    return False


def ids_for(values_by_segment: dict[str, int], defaults: dict):
    """values(route): the path parameters for `route`: an `<int:pk>` takes the id of the object
    named by the path segment before it (products/<pk>/ -> the product), else `defaults`."""

    def values(route: Route) -> dict:
        filled = dict(defaults)
        if "pk" in route.params:
            before = route.route.split("<int:pk>")[0].rstrip("/").rsplit("/", 1)[-1]
            filled["pk"] = values_by_segment.get(before, defaults["pk"])
        return filled

    return values


def leaks(client, urlconf_routes, values, secret: str, methods=lambda route: ("get",), **extra) -> list[str]:
    """Call every route (but logout) with `values(route)` for its parameters, each with `methods(route)`;
    the calls whose response contains `secret`. A 5xx is the fuzzing suite's concern, not a leak."""
    client.raise_request_exception = False
    found = []
    for route in urlconf_routes:
        if route.name == "logout":
            continue
        path = route.path(values(route))
        for method in methods(route):
            response = getattr(client, method)(path, data={}, content_type="application/json", **extra)
            if secret in response.content.decode(errors="ignore"):
                found.append(f"{method.upper()} {path} ({route.view}): {response.status_code}")
    return found


@pytest.fixture
def beta_objects(merchants):
    """Objects in beta's schema (a hotel): a room type, rooms, a paid order; ids keyed by the path
    segment that names them in the merchant routes."""
    beta = merchants["beta"]
    product = catalog.room(beta, name=BETA_SECRET)
    room = hotel.rooms(beta, product, numbers=("901",))[0]
    order = order_of(beta, buy(make_user("beta_guest"), beta, product))
    by_segment = {"products": product.pk, "rooms": room.pk, "orders": order.pk, "refunds": order.pk}
    return ids_for(by_segment, {"pk": order.pk, "product_id": product.pk, "order_no": order.order_no,
                                "merchant": "beta", "schema": "beta", "ref": order.order_no})


def test_there_are_routes_to_check():
    assert len([r for r in TENANT if r.is_api]) >= 50 and len(PUBLIC) >= 100
    assert {r.name for r in TENANT} >= TENANT_OPEN, "an open route was renamed: update TENANT_OPEN"


def test_the_secrets_are_visible_to_their_owners(merchants, client_for, beta_objects, other_tourists_things):
    """The markers the leak checks look for do show where they belong (else those checks prove nothing)."""
    assert BETA_SECRET in client_for("beta_owner", "beta").get("/api/v1/merchant/products/").content.decode()
    assert TOURIST_SECRET in client_for("tourist_yi").get("/me/travellers/").content.decode()
    assert TOURIST_SECRET in client_for("tourist_yi").get("/me/addresses/").content.decode()


@pytest.mark.parametrize("method", ALL_METHODS)
def test_staff_of_alpha_is_denied_every_beta_route(merchants, client_for, beta_objects, method):
    client = client_for("alpha_owner", "beta")
    failures = []
    for route in TENANT:
        if route.name in TENANT_OPEN:
            continue
        path = route.path(beta_objects(route))
        response = getattr(client, method)(path, data={}, content_type="application/json")
        if not status_ok_for_a_stranger(route, response) or BETA_SECRET in response.content.decode(errors="ignore"):
            failures.append(f"{method.upper()} {path} ({route.view}): {response.status_code}")
    assert not failures, "\n".join(failures)


def test_own_staff_reaches_own_endpoints(merchants, client_for):
    client = client_for("alpha_owner", "alpha")
    assert client.get("/api/v1/merchant/profile/").status_code == 200
    assert client.get("/api/v1/merchant/staff/").status_code == 200


def test_own_staff_never_sees_the_other_merchants_objects_by_their_ids(merchants, client_for, beta_objects):
    """alpha's owner on alpha's host asks for beta's ids on every route: alpha's schema answers
    (its own object with that id, or 404), and nothing of beta's comes back."""
    found = leaks(client_for("alpha_owner", "alpha"), TENANT, beta_objects, BETA_SECRET)
    assert not found, "\n".join(found)


def test_anonymous_is_refused_every_merchant_route(merchants, client_for):
    client = client_for(None, "alpha")
    failures = []
    for route in TENANT:
        if route.name in TENANT_OPEN:
            continue
        response = client.get(route.path())
        if route.is_api:
            ok = response.status_code == 405 or (response.status_code in (401, 403)
                                                 and response.json()["code"] == "not_authenticated")
        else:
            ok = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        if not ok:
            failures.append(f"GET {route.path()} ({route.view}): {response.status_code}")
    assert not failures, "\n".join(failures)


def test_console_pages_denied_to_other_merchants_staff(merchants, client_for):
    assert client_for("alpha_owner", "alpha").get("/console/").status_code == 200
    denied = client_for("alpha_owner", "beta").get("/console/")
    assert denied.status_code == 403
    assert "无权访问" in denied.content.decode()


def test_console_redirects_anonymous_to_login(merchants, client_for):
    response = client_for(None, "alpha").get("/console/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_tourist_cannot_open_any_console(merchants, client_for):
    make_user("plain_tourist")
    assert client_for("plain_tourist", "alpha").get("/console/").status_code == 403


def test_api_key_reaches_only_merchants_that_authorised_it(merchants, client_for, beta_objects):
    alpha, beta = merchants["alpha"], merchants["beta"]
    dist = make_distributor(merchants=[alpha])
    # The key lists beta too, but beta never authorised the distributor.
    _, raw = issue_api_key(distributor=dist, name="main", merchants=[alpha, beta])
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    assert client_for(None, "alpha").get("/api/v1/merchant/profile/", **headers).status_code == 200
    denied = client_for(None, "beta").get("/api/v1/merchant/profile/", **headers)
    assert denied.status_code == 403
    failures = []
    for route in TENANT:
        if route.name in TENANT_OPEN:
            continue
        response = client_for(None, "beta").get(route.path(beta_objects(route)), **headers)
        refused = response.status_code in (403, 405) if route.is_api else response.status_code in (302, 403)
        if not refused or BETA_SECRET in response.content.decode(errors="ignore"):
            failures.append(f"GET {route.path(beta_objects(route))}: {response.status_code}")
    assert not failures, "\n".join(failures)
    listed = client_for(None).get("/api/v1/distributor/merchants/", **headers).json()
    assert [m["schema_name"] for m in listed] == ["alpha"]


def test_api_key_cannot_write_staff_even_on_authorised_merchant(merchants, client_for):
    dist = make_distributor(merchants=[merchants["alpha"]])
    _, raw = issue_api_key(distributor=dist, name="main", merchants=[merchants["alpha"]])
    response = client_for(None, "alpha").post("/api/v1/merchant/staff/", {"username": "x1", "role": "clerk"},
                                              content_type="application/json", HTTP_X_API_KEY=raw)
    assert response.status_code == 403


def test_unknown_host_is_404(db, client):
    assert client.get("/healthz", HTTP_HOST="nosuch.localhost").status_code == 404


# ---- the platform host: one tourist against another's things ----------------------------------

@pytest.fixture
def other_tourists_things(merchants):
    """乙 (another tourist) bought a ticket at alpha and keeps a traveller and an address."""
    alpha = merchants["alpha"]
    other = make_user("tourist_yi")
    traveller = tourists.create_traveller(user=other, name=TOURIST_SECRET, id_type="passport", id_no="P7654321")
    address = tourists.create_address(user=other, recipient=TOURIST_SECRET, phone="13800138000", province="江西省",
                                      city="九江市", detail=TOURIST_SECRET)
    co = buy(other, alpha, catalog.ticket(alpha), travellers=[traveller.pk])
    order = order_of(alpha, co)
    by_segment = {"pay": co.pk, "travellers": traveller.pk, "addresses": address.pk, "checkouts": co.pk}
    return ids_for(by_segment, {"pk": co.pk, "merchant": "alpha", "schema": "alpha", "order_no": order.order_no})


def test_a_tourist_never_gets_another_tourists_things_from_any_route(merchants, client_for, other_tourists_things):
    """Every route of the platform host, as a plain tourist, with the ids of another tourist's
    checkout, order, traveller and address: GET and POST (PATCH and DELETE on the API) never
    return that tourist's data nor change it."""
    make_user("tourist_jia")
    found = leaks(client_for("tourist_jia"), PUBLIC, other_tourists_things, TOURIST_SECRET,
                  methods=lambda route: ALL_METHODS if route.is_api else ("get", "post"))
    assert not found, "\n".join(found)
    assert Traveller.objects.filter(name=TOURIST_SECRET).exists() and Address.objects.filter(detail=TOURIST_SECRET)
    assert Checkout.objects.get(user__username="tourist_yi").status == "paid"


def test_anonymous_gets_nothing_private_on_the_platform_host(merchants, client_for, other_tourists_things):
    found = leaks(client_for(None), PUBLIC, other_tourists_things, TOURIST_SECRET)
    assert not found, "\n".join(found)


# ---- distributors: one against another's account -----------------------------------------------

@pytest.mark.api_schema_unchecked  # every route gets junk: schema drift is the fuzzing suite's (bin/fuzz) to find
def test_a_distributor_never_gets_another_distributors_things_from_any_route(merchants, client_for):
    """Distributor 乙's admin (session) and key, on every route of the platform host, with the ids of
    distributor 甲's account and deposit top-up: nothing of 甲's comes back."""
    alpha = merchants["alpha"]
    jia = make_distributor(DISTRIBUTOR_SECRET, merchants=[alpha])
    topup = fund(jia, 50_000)
    add_member(jia, "dst_jia_admin", "admin")
    yi = make_distributor("乙旅行社", merchants=[alpha], admin="dst_yi_admin")
    _, raw = key_for(yi, [alpha])
    values = ids_for({"distributors": jia.pk, "distributor-topups": topup.pk}, {"pk": jia.pk, "merchant": "alpha"})
    found = leaks(client_for("dst_yi_admin"), PUBLIC, values, DISTRIBUTOR_SECRET,
                  methods=lambda route: ALL_METHODS if route.is_api else ("get",))
    found += leaks(client_for(None), [r for r in PUBLIC if r.is_api], values, DISTRIBUTOR_SECRET,
                   HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert not found, "\n".join(found)
    own = client_for("dst_jia_admin").get("/api/v1/distributor/profile/")
    assert own.status_code == 200 and DISTRIBUTOR_SECRET in own.content.decode(), "the marker proves nothing"
