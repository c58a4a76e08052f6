"""Health and readiness, served on every host (no login, no tenant data)."""

from django.db import connection
from django.http import JsonResponse

from .health import ready, report


def health(request):
    """Liveness with each dependency's state: 200 while the process answers."""
    checks = report()
    status = "ok" if all(c["ok"] for c in checks.values()) else "degraded"
    return JsonResponse({"status": status, "schema": connection.schema_name, "checks": checks})


def readiness(request):
    """For the load balancer: 503 when a required dependency (settings.READYZ_REQUIRED) is down."""
    checks = report()
    ok = ready(checks)
    return JsonResponse({"status": "ready" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)
