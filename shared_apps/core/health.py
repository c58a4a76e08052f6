"""Dependency checks for /healthz (reports each one, always 200 while the process is up) and
/readyz (503 when one named in settings.READYZ_REQUIRED is down: the balancer's probe).

Each check runs directly against its dependency with short timeouts (it ignores the breaker of
core.redis: a probe must see the truth). An error is reported by its type only, never with
the connection string."""

import time

import redis
from django.conf import settings
from django.db import connection
from kombu import Connection

CHECK_TIMEOUT = 1.0


def _database() -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")


def _redis() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=CHECK_TIMEOUT,
                                  socket_timeout=CHECK_TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()


def _celery_broker() -> None:
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=CHECK_TIMEOUT,
                    transport_options={"socket_timeout": CHECK_TIMEOUT, "max_retries": 0}) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=CHECK_TIMEOUT)


CHECKS = {"database": _database, "redis": _redis, "celery_broker": _celery_broker}


def report() -> dict:
    """{name: {"ok": bool, "ms": float, "error"?: str}} for every dependency."""
    result = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
            entry = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is a "down", reported by type
            entry = {"ok": False, "error": type(exc).__name__}
        entry["ms"] = round((time.monotonic() - started) * 1000, 1)
        result[name] = entry
    return result


def ready(checks: dict) -> bool:
    return all(checks[name]["ok"] for name in settings.READYZ_REQUIRED if name in checks)
