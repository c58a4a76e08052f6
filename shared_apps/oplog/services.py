import math

from django.db import connection

from shared_apps.core.parsers import BIGINT_MAX, BIGINT_MIN, storable_text

from .models import OperationLog

SENSITIVE = ("password", "secret", "token", "key", "bank_account_no", "csrfmiddlewaretoken", "id_no")


def actor_of(user, schema_name: str) -> tuple[str, str]:
    if user is None or not user.is_authenticated:
        return "anonymous", "anonymous"
    if getattr(user, "api_key", None) is not None:
        return user.username, "distributor"
    if getattr(user, "is_operator", False):
        return user.username, "operator"
    if schema_name != "public":
        return user.username, "staff"
    if user.distributor_roles.exists():
        return user.username, "distributor"
    return user.username, "tourist"


def scrub(data) -> dict:
    """Drop secrets (at any depth: e.g. travellers' ID numbers in a list) before logging, and keep only
    what jsonb stores: text without NUL or lone surrogates (keys too), finite numbers within bigint."""
    return _scrub(data or {}, depth=0)


def _scrub(value, depth: int):
    if isinstance(value, dict):
        return {storable_text(str(k))[:100]: "***" if any(s in str(k).lower() for s in SENSITIVE)
                else _scrub(v, depth + 1) for k, v in list(value.items())[:50]}
    if isinstance(value, (list, tuple)):
        return [_scrub(v, depth + 1) for v in value[:50]] if depth < 4 else "[…]"
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and BIGINT_MIN <= value <= BIGINT_MAX:
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    return storable_text(str(value))[:200]


def log_operation(*, user, action: str, target: str = "", detail: dict | None = None, status_code=None, ip=None,
                  schema_name: str | None = None) -> OperationLog:
    schema = schema_name or connection.schema_name
    actor, kind = actor_of(user, schema) if user is not None else ("system", "system")
    return OperationLog.objects.create(
        user=user if getattr(user, "pk", None) else None, actor=actor, actor_kind=kind, schema_name=schema,
        action=storable_text(action)[:100], target=storable_text(target)[:200], detail=scrub(detail),
        status_code=status_code, ip=ip,
    )
