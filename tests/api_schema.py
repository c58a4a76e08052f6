"""The generated OpenAPI schemas (public and merchant hosts), and a check that a real API
response matches what the schema declares for its operation and status."""

import functools
import json
import re

from django.conf import settings
from django.urls import Resolver404
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_schema_validator import OAS30Validator

URLCONFS = ("config.urls_public", "config.urls_tenant")

# shared_apps.core.api_schema.ErrorSerializer: what an error status not declared by its operation must carry.
ERROR_BODY = {"type": "object", "required": ["code", "message", "message_en"],
              "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                             "message_en": {"type": "string"}, "details": {}}}


@functools.cache
def generated(urlconf: str) -> tuple[dict, tuple[str, ...]]:
    """The schema of one urlconf as plain JSON data, and the generator's warnings and errors."""
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    complaints = tuple(GENERATOR_STATS._warn_cache) + tuple(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    return json.loads(OpenApiJsonRenderer().render(schema)), complaints


def _route(response) -> str:
    """The schema path of the URL pattern that served the response: `/api/v1/orders/{id}/`
    (drf-spectacular names a `pk` path parameter `id`)."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", response.resolver_match.route)
    return "/" + path.replace("{pk}", "{id}")


# Not our API: the gateways' callback endpoint acks in each gateway's own wire format (WeChat Pay's
# {"code": "FAIL"}), so it is not in the OpenAPI schema.
NOT_OUR_API = ("api/schema", "api/v1/payments/callbacks/")


def is_api_json(response) -> bool:
    """A JSON response of an API endpoint (not the schema itself, not a page or a file, not a gateway ack)."""
    if not response.get("Content-Type", "").startswith("application/json"):
        return False
    try:
        route = response.resolver_match.route
    except (AttributeError, Resolver404):  # no URL pattern matched: nothing to compare with
        return False
    return route.startswith("api/") and not route.startswith(NOT_OUR_API)


BLANK = {"type": "string", "maxLength": 0}


NULL = {"nullable": True, "enum": [None]}


def _as_meant(node):
    """Two drf-spectacular idioms that an OpenAPI 3.0 validator reads more strictly than meant:
    a blank-allowed URL / pattern field is `oneOf: [format, blank]` ("" matches both branches
    while the format is unchecked): `anyOf`; a nullable nested object is `allOf: [ref],
    nullable: true` (the ref itself refuses null): `anyOf: [ref, null]`."""
    if isinstance(node, dict):
        node = {k: _as_meant(v) for k, v in node.items()}
        if "oneOf" in node and BLANK in node["oneOf"]:
            node["anyOf"] = node.pop("oneOf")
        if "allOf" in node and node.get("nullable"):
            node = {"anyOf": [{"allOf": node.pop("allOf")}, NULL], **{k: v for k, v in node.items() if k != "nullable"}}
        return node
    if isinstance(node, list):
        return [_as_meant(v) for v in node]
    return node


@functools.cache
def _validator(urlconf: str, body_schema: str) -> OAS30Validator:
    schema, _ = generated(urlconf)
    return OAS30Validator(_as_meant({**json.loads(body_schema), "components": schema["components"]}),
                          format_checker=OAS30Validator.FORMAT_CHECKER)


def response_problems(response) -> list[str]:
    """Where a JSON API response disagrees with the schema: a success must be a declared status
    whose body validates; an error must have the declared body, or the shared error body."""
    request = response.wsgi_request
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    schema, _ = generated(urlconf)
    route, method, status = _route(response), request.method.lower(), str(response.status_code)
    where = f"{request.method} {route} {status}"
    operation = schema["paths"].get(route, {}).get(method)
    if operation is None and not status.startswith("2"):
        operation = {"responses": {}}  # e.g. a method the endpoint does not allow: an error body all the same
    if operation is None:
        return [f"{where}: no such operation in {urlconf}"]
    declared = operation["responses"].get(status)
    if declared is None and not status.startswith("2"):
        declared = {"content": {"application/json": {"schema": ERROR_BODY}}}
    if declared is None:
        return [f"{where}: status not declared (declared: {sorted(operation['responses'])})"]
    body_schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if body_schema is None:
        return [] if not response.content else [f"{where}: body not declared"]
    validator = _validator(urlconf, json.dumps(body_schema, sort_keys=True))
    return [f"{where}: /{'/'.join(map(str, e.absolute_path))}: {e.message}"[:400]
            for e in validator.iter_errors(json.loads(response.content))]
