"""Refuse, before any view runs, input that the database cannot store (shared_apps.core.parsers).

A NUL in the path or the query string (`?q=%00`) would reach a filter and fail in PostgreSQL; a
JSON body with a NUL, a lone surrogate, a number past bigint or a 5,000-level nesting would
either crash the view or be written after it by the operation log. Such a request gets a 400
with a stable code here, so nothing is changed. Malformed JSON is left to the view's parser
(its `malformed_request`), and form bodies to the forms (Django's and DRF's CharField refuse
NUL themselves).
"""

from django.http import JsonResponse

from . import failures
from .errors import domain_error_body, error_page
from .failures import DomainError
from .parsers import decode_json

JSON_TYPES = ("application/json",)


class RequestSanityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except DomainError as exc:
            if request.path.startswith("/api/"):
                return JsonResponse(domain_error_body(exc), status=exc.status_code)
            return error_page(request, exc)
        return self.get_response(request)


def check_request(request) -> None:
    if "\x00" in request.path or any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists()):
        raise DomainError(failures.NULL_CHARACTER)
    if request.content_type in JSON_TYPES or request.content_type.endswith("+json"):
        if request.body:
            try:
                decode_json(request.body)
            except (ValueError, UnicodeDecodeError):  # malformed: the view's parser answers
                pass
