from django.db import connection

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
    """Drop secrets (at any depth: e.g. travellers' ID numbers in a list) before logging."""
    return _scrub(data or {}, depth=0)


def _scrub(value, depth: int):
    if isinstance(value, dict):
        return {k: "***" if any(s in str(k).lower() for s in SENSITIVE) else _scrub(v, depth + 1)
                for k, v in list(value.items())[:50]}
    if isinstance(value, (list, tuple)):
        return [_scrub(v, depth + 1) for v in value[:50]] if depth < 4 else "[…]"
    if isinstance(value, str):
        return value[:200]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return str(value)[:200]


def log_operation(*, user, action: str, target: str = "", detail: dict | None = None, status_code=None, ip=None,
                  schema_name: str | None = None) -> OperationLog:
    schema = schema_name or connection.schema_name
    actor, kind = actor_of(user, schema) if user is not None else ("system", "system")
    return OperationLog.objects.create(
        user=user if getattr(user, "pk", None) else None, actor=actor, actor_kind=kind, schema_name=schema,
        action=action[:100], target=target[:200], detail=scrub(detail), status_code=status_code, ip=ip,
    )
