"""Staff tokens come only from the staff login, and only staff tokens work on the operator API
(issue 12: the super-admin took a token at the tourist endpoint and used it on /api/v1/ops/*)."""

import re

import pytest
from django.urls import get_resolver

from tests.builders.accounts import PASSWORD, access_token, make_operator, make_user
from tests.builders.clients import post

pytestmark = pytest.mark.django_db


def login(client, path, username, **body):
    return post(client, path, {"username": username, "password": PASSWORD, **body}, HTTP_HOST="localhost")


def test_the_tourist_endpoint_refuses_operators_and_merchant_staff(client, merchants):
    make_operator("op_root", role="super_admin")
    for username in ("op_root", "alpha_owner", "alpha_clerk"):
        refused = login(client, "/api/v1/auth/token/", username)
        assert refused.status_code == 403 and refused.json()["code"] == "staff_login_required", username


def test_the_staff_endpoint_gives_a_token_the_operator_api_takes(client):
    make_operator("op_root", role="super_admin")
    tokens = login(client, "/api/v1/ops/auth/token/", "op_root")
    assert tokens.status_code == 200, tokens.content
    ops = client.get("/api/v1/ops/applications/", HTTP_HOST="localhost",
                     HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    assert ops.status_code == 200


def test_the_staff_endpoint_refuses_tourists(client):
    make_user("just_a_tourist")
    refused = login(client, "/api/v1/ops/auth/token/", "just_a_tourist")
    assert refused.status_code == 403 and refused.json()["code"] == "not_staff_account"


def test_a_merchant_owner_gets_a_staff_token_for_the_merchant_api(client, merchants):
    tokens = login(client, "/api/v1/ops/auth/token/", "alpha_owner").json()
    staff = client.get("/api/v1/merchant/staff/", HTTP_HOST="alpha.localhost",
                       HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert staff.status_code == 200
    tourist_scope = client.get("/api/v1/merchant/staff/", HTTP_HOST="alpha.localhost",
                               HTTP_AUTHORIZATION=f"Bearer {access_token(make_user('alpha_owner'), 'tourist')}")
    assert tourist_scope.status_code == 403 and tourist_scope.json()["code"] == "token_scope"


def _ops_paths() -> list[str]:
    """Every operator API path of the platform URLconf, parameters filled with 1."""
    found = []
    for pattern, route in ((p, str(p.pattern)) for p in get_resolver("config.urls_public").url_patterns):
        if route != "api/v1/":
            continue
        for sub in pattern.url_patterns:
            for leaf in getattr(sub, "url_patterns", [sub]):
                path = str(leaf.pattern)
                if path.startswith("ops/") and path != "ops/auth/token/":
                    found.append("/api/v1/" + re.sub(r"<[^>]+>", "1", path))
    return found


def test_a_tourist_scope_token_of_a_super_admin_opens_no_operator_endpoint(client):
    root = make_operator("op_root", role="super_admin")
    paths = _ops_paths()
    assert len(paths) > 20
    header = {"HTTP_AUTHORIZATION": f"Bearer {access_token(root, 'tourist')}", "HTTP_HOST": "localhost"}
    for path in paths:
        response = client.get(path, **header)
        assert response.status_code == 403 and response.json()["code"] == "token_scope", path
