"""A user or key of merchant A never reaches merchant B: consoles, every tenant API endpoint."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from shared_apps.accounts.services import issue_api_key
from tests.builders.accounts import make_user
from tests.builders.distribution import make_distributor

pytestmark = pytest.mark.django_db


def tenant_api_paths() -> list[str]:
    """Every concrete /api/v1/ path of the merchant-host urlconf (pk placeholders filled with 1)."""
    paths = []

    def walk(patterns, prefix):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                paths.append("/" + (prefix + route).replace("<int:pk>", "1"))

    walk(get_resolver("config.urls_tenant").url_patterns, "")
    return [p for p in paths if p.startswith("/api/v1/")]


def test_there_are_tenant_endpoints_to_check():
    assert len(tenant_api_paths()) >= 5


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_staff_of_alpha_is_denied_every_beta_endpoint(merchants, client_for, method):
    client = client_for("alpha_owner", "beta")
    for path in tenant_api_paths():
        response = getattr(client, method)(path, data={}, content_type="application/json")
        assert response.status_code in (403, 405), (path, method, response.status_code)
        if response.status_code == 403:
            assert response.json()["code"] == "permission_denied", path


def test_own_staff_reaches_own_endpoints(merchants, client_for):
    client = client_for("alpha_owner", "alpha")
    assert client.get("/api/v1/merchant/profile/").status_code == 200
    assert client.get("/api/v1/merchant/staff/").status_code == 200


def test_anonymous_gets_401_json_on_merchant_api(merchants, client_for):
    response = client_for(None, "alpha").get("/api/v1/merchant/profile/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


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


def test_api_key_reaches_only_merchants_that_authorised_it(merchants, client_for):
    alpha, beta = merchants["alpha"], merchants["beta"]
    dist = make_distributor(merchants=[alpha])
    # The key lists beta too, but beta never authorised the distributor.
    _, raw = issue_api_key(distributor=dist, name="main", merchants=[alpha, beta])
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    assert client_for(None, "alpha").get("/api/v1/merchant/profile/", **headers).status_code == 200
    denied = client_for(None, "beta").get("/api/v1/merchant/profile/", **headers)
    assert denied.status_code == 403
    for path in tenant_api_paths():
        assert client_for(None, "beta").get(path, **headers).status_code in (403, 405), path
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
