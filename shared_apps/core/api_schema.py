"""Shared OpenAPI response shapes, declared once: the error body, the `{ok: true}`
acknowledgement, a status-event row, LimitOffsetPagination's envelope and the error responses
of an endpoint.

    @extend_schema(responses={200: OrderDetailSerializer, **errors(400, 404)})
"""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

_DESCRIPTIONS = {
    400: "Invalid input or a refused business rule",
    401: "Authentication required",
    403: "Permission denied",
    404: "Not found",
    409: "Conflict with the current state (retry or reload)",
    429: "Too many requests",
}


class ErrorSerializer(serializers.Serializer):
    """Every error body (shared_apps.core.errors.error_body)."""

    code = serializers.CharField(help_text="Stable machine-readable code")
    message = serializers.CharField(help_text="Chinese message")
    message_en = serializers.CharField(help_text="English message")
    details = serializers.JSONField(required=False, help_text="Field errors of a validation failure, or context")


class OkSerializer(serializers.Serializer):
    """An acknowledgement without a resource: `{"ok": true}`."""

    ok = serializers.BooleanField()


class StatusEventSerializer(serializers.Serializer):
    """One status change of a status-event log: `{from, to, actor, reason, at}`."""

    to = serializers.CharField()
    actor = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()

    def get_fields(self):
        return {"from": serializers.CharField(), **super().get_fields()}  # "from" is a Python keyword


def errors(*statuses: int) -> dict:
    """The error responses of an endpoint, all with the shared error body."""
    return {status: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS.get(status, "Error"))
            for status in statuses}


_PAGES: dict[type, type] = {}


def paginated(row: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """LimitOffsetPagination's page of `row` items: `{count, next, previous, results}`."""
    if row not in _PAGES:
        name = row.__name__.removesuffix("Serializer")
        # "<Row>Page", not drf-spectacular's own "Paginated<Row>List" of generic list views.
        _PAGES[row] = type(f"{name}PageSerializer", (serializers.Serializer,), {
            "__module__": row.__module__,
            "__doc__": f"A page of {name} rows.",
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": row(many=True),
        })
    return _PAGES[row]
