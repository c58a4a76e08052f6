"""Health check, served on every host."""

from django.db import connection
from django.http import JsonResponse


def health(request):
    return JsonResponse({"status": "ok", "schema": connection.schema_name})
