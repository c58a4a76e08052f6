"""Log every write request (POST/PUT/PATCH/DELETE) made by someone who is not a plain tourist."""

from django.db import connection

from shared_apps.core.clientip import client_ip
from shared_apps.core.failures import DomainError
from shared_apps.core.parsers import decode_json

from .services import actor_of, log_operation

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SKIP_PATHS = ("/accounts/login/", "/api/v1/auth/")


class OperationLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        body = None
        if request.method in WRITE_METHODS and not request.path.startswith(SKIP_PATHS):
            body = _body(request)
        response = self.get_response(request)
        if body is None:
            return response
        # DRF authenticates inside the view and writes its user (JWT, API key) back here.
        user = getattr(request, "user", None)
        schema = connection.schema_name
        _, kind = actor_of(user, schema)
        if kind in ("operator", "staff", "distributor"):
            log_operation(
                user=user, action=f"{request.method} {request.path}", detail=body,
                status_code=response.status_code, ip=client_ip(request) or None, schema_name=schema,
            )
        return response


def _body(request) -> dict:
    """What is logged of the body (`scrub` makes it storable). A body that storage would refuse
    never gets here: core's RequestSanityMiddleware answered it with a 400 before this ran."""
    if request.content_type == "application/json":
        try:
            data = decode_json(request.body or b"{}")
            return data if isinstance(data, dict) else {"_": data}
        except (ValueError, UnicodeDecodeError, DomainError):
            return {}
    if request.content_type == "application/x-www-form-urlencoded":
        return {k: v for k, v in request.POST.items()}
    return {"content_type": request.content_type}
