"""The OpenAPI schemas validate, generate without warnings, and type every endpoint's body."""

import json
from types import SimpleNamespace

import pytest
from openapi_spec_validator import validate

from .api_schema import URLCONFS, generated, response_problems

# Operations whose success response is not JSON, with the reason (a 204 without a body needs no entry).
NO_JSON_BODY = {
    "GET /api/v1/merchant/dining/ledger/export/": "a CSV download",
    "GET /api/v1/merchant/hotel/ledger/export/": "a CSV download",
    "GET /api/v1/merchant/route-stops/{id}/audio/": "the stop's audio file",
    "GET /api/v1/merchant/route-stops/{id}/image/": "the stop's image file",
    "GET /api/v1/market/merchants/{merchant}/route-stops/{id}/audio/": "a published stop's audio file",
    "GET /api/v1/market/merchants/{merchant}/route-stops/{id}/image/": "a published stop's image file",
    "GET /api/v1/distributor/crm/members/export/": "a CSV download",
}


def _free_form(schema: dict, components: dict) -> bool:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if schema.get("type") == "array":
        return _free_form(schema.get("items", {}), components)
    if any(key in schema for key in ("oneOf", "anyOf", "allOf")):
        return False
    return not schema or (schema.get("type") == "object" and not schema.get("properties"))


def _untyped(schema: dict) -> list[str]:
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            key = f"{method.upper()} {path}"
            success = {s: r for s, r in operation["responses"].items() if s.startswith("2") and s != "204"}
            if not success and "204" in operation["responses"]:
                continue  # no body, by declaration
            if key in NO_JSON_BODY:
                continue
            bodies = [r.get("content", {}).get("application/json", {}).get("schema") for r in success.values()]
            if not bodies or any(body is None or _free_form(body, components) for body in bodies):
                found.append(key)
    return found


@pytest.mark.parametrize("urlconf", URLCONFS)
def test_the_schema_is_valid_openapi(urlconf):
    schema, _ = generated(urlconf)
    validate(schema)


@pytest.mark.parametrize("urlconf", URLCONFS)
def test_the_schema_generates_without_warnings(urlconf):
    _, complaints = generated(urlconf)
    assert not complaints, "\n".join(complaints)


@pytest.mark.parametrize("urlconf", URLCONFS)
def test_every_endpoint_declares_a_typed_success_body(urlconf):
    schema, _ = generated(urlconf)
    untyped = _untyped(schema)
    assert not untyped, "\n".join(untyped)


def test_the_listed_exceptions_are_still_real():
    keys = set()
    for urlconf in URLCONFS:
        schema, _ = generated(urlconf)
        keys |= {f"{m.upper()} {p}" for p, item in schema["paths"].items() for m in item}
    assert not set(NO_JSON_BODY) - keys


class _Response:
    """Just what response_problems reads from a test client's response."""

    def __init__(self, method: str, route: str, status: int, body, urlconf: str = "config.urls_tenant"):
        self.wsgi_request = SimpleNamespace(method=method, urlconf=urlconf)
        self.resolver_match = SimpleNamespace(route=route)
        self.status_code = status
        self.content = json.dumps(body).encode()


def test_the_response_check_reports_a_body_that_breaks_its_schema():
    problems = response_problems(_Response("GET", "api/v1/merchant/orders/<int:pk>/", 200, {"order_no": 1}))
    assert any("'status' is a required property" in p for p in problems)
    assert any("/order_no: 1 is not of type 'string'" in p for p in problems)


def test_the_response_check_reports_an_undeclared_success_status():
    problems = response_problems(_Response("GET", "api/v1/merchant/orders/<int:pk>/", 201, {}))
    assert problems == ["GET /api/v1/merchant/orders/{id}/ 201: status not declared (declared: ['200', '404'])"]


def test_an_undeclared_error_status_must_still_carry_the_error_body():
    assert response_problems(_Response("GET", "api/v1/merchant/orders/<int:pk>/", 403, {"detail": "no"}))
    assert not response_problems(_Response("GET", "api/v1/merchant/orders/<int:pk>/", 403, {
        "code": "permission_denied", "message": "没有权限执行此操作", "message_en": "Permission denied"}))
