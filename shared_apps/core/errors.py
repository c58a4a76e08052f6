"""JSON errors with a stable `code` and a message in Chinese and English."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

_DEFAULTS = {
    exceptions.NotAuthenticated: ("not_authenticated", "请先登录", "Authentication required"),
    exceptions.AuthenticationFailed: ("authentication_failed", "认证失败", "Authentication failed"),
    exceptions.PermissionDenied: ("permission_denied", "没有权限执行此操作", "Permission denied"),
    exceptions.NotFound: ("not_found", "资源不存在", "Not found"),
    exceptions.MethodNotAllowed: ("method_not_allowed", "不支持该请求方法", "Method not allowed"),
    exceptions.ValidationError: ("invalid", "提交的数据有误", "Invalid input"),
    exceptions.ParseError: ("malformed_request", "请求格式错误", "Malformed request"),
    exceptions.Throttled: ("rate_limited", "请求过于频繁，请稍后再试", "Too many requests"),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", "不支持的内容类型", "Unsupported media type"),
}


# DRF's own default codes: ours (above) are kept instead of these.
DRF_GENERIC_CODES = {"error", "invalid", "throttled", "not_authenticated", "authentication_failed",
                     "permission_denied", "not_found", "method_not_allowed", "parse_error", "unsupported_media_type"}


class ApiError(exceptions.APIException):
    """A business error: `raise ApiError("merchant_slug_taken", "该域名已被占用", "Slug taken", 409)`."""

    def __init__(self, code: str, message: str, message_en: str = "", status_code: int = 400, details=None):
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.message_en = message_en or message
        self.details = details


def error_body(code: str, message: str, message_en: str, details=None) -> dict:
    body = {"code": code, "message": message, "message_en": message_en}
    if details is not None:
        body["details"] = details
    return body


def _is_retryable_db_error(exc) -> bool:
    """PostgreSQL gave up on this transaction (deadlock detected, serialization failure): it was
    rolled back whole, so the client may simply retry (with the same Idempotency-Key)."""
    from django.db import OperationalError
    from psycopg import errors as pg

    return isinstance(exc, OperationalError) and isinstance(exc.__cause__, (pg.DeadlockDetected,
                                                                            pg.SerializationFailure))


def api_exception_handler(exc, context):
    if _is_retryable_db_error(exc):
        exc = ApiError("conflict_retry", "系统繁忙，请重试", "Concurrent update conflict: retry the request", 409)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ApiError):
        response.data = error_body(exc.code, exc.message, exc.message_en, exc.details)
        return response
    code, message, message_en = "error", "请求失败", "Request failed"
    for klass, triple in _DEFAULTS.items():
        if isinstance(exc, klass):
            code, message, message_en = triple
            break
    details = exc.detail if isinstance(exc, exceptions.ValidationError) else None
    if not isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, str):
        detail_code = getattr(exc.detail, "code", None)
        if detail_code and detail_code not in DRF_GENERIC_CODES:
            code = detail_code
        message_en = str(exc.detail) if detail_code != code else message_en
    response.data = error_body(code, message, message_en, details)
    return response


def json_error(code: str, message: str, message_en: str, status_code: int) -> JsonResponse:
    return JsonResponse(error_body(code, message, message_en), status=status_code)


def handler404(request, exception=None):
    if request.path.startswith("/api/"):
        return json_error("not_found", "资源不存在", "Not found", status.HTTP_404_NOT_FOUND)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return json_error("server_error", "服务器内部错误", "Internal server error", 500)
    from django.views.defaults import server_error

    return server_error(request)
