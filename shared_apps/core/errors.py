"""The one place that maps errors to HTTP: JSON with a stable `code` and a message in Chinese and
English for the API, a page or a flashed message for HTML views.

Services raise `shared_apps.core.failures.DomainError` (catalogue entries in each app's errors.py);
DRF's own exceptions (validation, authentication, throttling) get the generic codes of
`shared_apps.core.failures`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, OperationalError
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views import defaults
from psycopg import errors as pg
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from . import failures
from .failures import DomainError, Failure

_DEFAULTS: dict[type, Failure] = {
    exceptions.NotAuthenticated: failures.NOT_AUTHENTICATED,
    exceptions.AuthenticationFailed: failures.AUTHENTICATION_FAILED,
    exceptions.PermissionDenied: failures.PERMISSION_DENIED_ANY,
    exceptions.NotFound: failures.NOT_FOUND_RESOURCE,
    exceptions.MethodNotAllowed: failures.METHOD_NOT_ALLOWED,
    exceptions.ValidationError: failures.INVALID_INPUT,
    exceptions.ParseError: failures.MALFORMED_REQUEST,
    exceptions.Throttled: failures.RATE_LIMITED,
    exceptions.UnsupportedMediaType: failures.UNSUPPORTED_MEDIA_TYPE,
}


# DRF's own default codes: ours (above) are kept instead of these.
DRF_GENERIC_CODES = {"error", "invalid", "throttled", "not_authenticated", "authentication_failed",
                     "permission_denied", "not_found", "method_not_allowed", "parse_error", "unsupported_media_type"}


def error_body(code: str, message: str, message_en: str, details=None) -> dict:
    body = {"code": code, "message": message, "message_en": message_en}
    if details is not None:
        body["details"] = details
    return body


def domain_error_body(exc: DomainError) -> dict:
    return error_body(exc.code, exc.message, exc.message_en, exc.details)


def _is_retryable_db_error(exc) -> bool:
    """PostgreSQL gave up on this transaction (deadlock detected, serialization failure): it was
    rolled back whole, so the client may simply retry (with the same Idempotency-Key)."""
    return isinstance(exc, OperationalError) and isinstance(exc.__cause__, (pg.DeadlockDetected,
                                                                            pg.SerializationFailure))


def _is_out_of_range(exc) -> bool:
    """A number the column cannot hold (a serializer without bounds let it through): bad input."""
    return isinstance(exc, DataError) and isinstance(exc.__cause__, pg.NumericValueOutOfRange)


def api_exception_handler(exc, context):
    if _is_retryable_db_error(exc):
        exc = DomainError(failures.CONFLICT_RETRY)
    elif _is_out_of_range(exc):
        exc = DomainError(failures.NUMBER_OUT_OF_RANGE_ANY)
    elif isinstance(exc, DjangoValidationError):  # a model's full_clean() in a service
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, DomainError):
        set_rollback()
        return Response(domain_error_body(exc), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    entry = failures.REQUEST_FAILED
    for klass, default in _DEFAULTS.items():
        if isinstance(exc, klass):
            entry = default
            break
    code = entry.code
    message, message_en = entry.render()
    details = exc.detail if isinstance(exc, exceptions.ValidationError) else None
    if not isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, str):
        detail_code = getattr(exc.detail, "code", None)
        if detail_code and detail_code not in DRF_GENERIC_CODES:
            code = detail_code
        message_en = str(exc.detail) if detail_code != code else message_en
    response.data = error_body(code, message, message_en, details)
    return response


def json_error(error: Failure, status_code: int | None = None) -> JsonResponse:
    return JsonResponse(error_body(error.code, *error.render()), status=status_code or error.status)


# ---- HTML views -----------------------------------------------------------------------------------

def flash_error(request, exc: DomainError) -> None:
    """Show a service error to the user as a flashed message (the page redirects or re-renders)."""
    messages.error(request, exc.message)


def form_error(form, exc: DomainError, field: str | None = None) -> None:
    """Put a service error on `field` (when the form has it), else on the form as a whole."""
    form.add_error(field if field in form.fields else None, exc.message)


def error_page(request, exc: DomainError, status: int | None = None):
    """The error as a page (the forbidden page, with the status of the error unless given)."""
    return render(request, "core/forbidden.html", {"reason": exc.message}, status=status or exc.status_code)


class DomainErrorMiddleware:
    """A DomainError nobody caught in a plain Django view: JSON under /api/, else the error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if not isinstance(exc, DomainError):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(domain_error_body(exc), status=exc.status_code)
        return error_page(request, exc)


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return json_error(failures.NOT_FOUND_RESOURCE)
    return defaults.page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return json_error(failures.SERVER_ERROR)
    return defaults.server_error(request)
