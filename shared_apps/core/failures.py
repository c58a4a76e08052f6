"""Domain errors that know nothing of HTTP frameworks, and the catalogue of the generic codes.

Every app lists the errors it raises in its own `errors.py` (code, Chinese and English message,
HTTP status); a service raises `DomainError(errors.SLUG_TAKEN)`, passing `str.format` values for
messages with `{placeholders}` and optional `details`. `shared_apps.core.errors` alone turns a
DomainError into the JSON body (`code`, `message`, `message_en`, `details`) or into an HTML page.

A code means one thing: it is defined once. Where one code carries a more precise message in
some place (`not_found` for a payment), the catalogue entry is a `variant` of the one definition,
so the code and its status stay the same and `tests/test_error_catalogue.py` can check them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ErrorCode:
    """One catalogue entry: a stable `code`, messages in Chinese and English, the HTTP status."""

    code: str
    zh: str
    en: str
    status: int = 400
    base: ErrorCode | None = field(default=None, compare=False, repr=False)

    def variant(self, zh: str, en: str, status: int | None = None) -> ErrorCode:
        """The same code with a more precise message (and, rarely, another status)."""
        return ErrorCode(self.code, zh, en, status or self.status, base=self.base or self)


class DomainError(Exception):
    """A business rule refused the request: `raise DomainError(errors.SLUG_TAKEN, slug=slug)`."""

    def __init__(self, error: ErrorCode, /, *, details=None, **params):
        self.error = error
        self.code = error.code
        self.message = error.zh.format(**params)
        self.message_en = error.en.format(**params)
        self.status_code = error.status
        self.details = details
        super().__init__(self.message)

    def with_context(self, prefix: str, *, details=None, **params) -> DomainError:
        """The same error, its Chinese message prefixed (`prefix` from a catalogue, formatted)."""
        wrapped = DomainError.__new__(DomainError)
        wrapped.__dict__.update(self.__dict__, message=prefix.format(**params) + self.message, details=details)
        Exception.__init__(wrapped, wrapped.message)
        return wrapped


# ---- the generic codes (used by several apps, or by the mapper in core.errors) ---------------------

NOT_AUTHENTICATED = ErrorCode("not_authenticated", "请先登录", "Authentication required", 401)
AUTHENTICATION_FAILED = ErrorCode("authentication_failed", "认证失败", "Authentication failed", 401)
PERMISSION_DENIED = ErrorCode("permission_denied", "没有权限执行此操作", "Permission denied", 403)
NOT_FOUND = ErrorCode("not_found", "资源不存在", "Not found", 404)
METHOD_NOT_ALLOWED = ErrorCode("method_not_allowed", "不支持该请求方法", "Method not allowed", 405)
INVALID = ErrorCode("invalid", "提交的数据有误", "Invalid input", 400)
MALFORMED_REQUEST = ErrorCode("malformed_request", "请求格式错误", "Malformed request", 400)
RATE_LIMITED = ErrorCode("rate_limited", "请求过于频繁，请稍后再试", "Too many requests", 429)
RATE_LIMIT_UNAVAILABLE = ErrorCode(
    "rate_limit_unavailable", "系统繁忙，支付、下单和提现暂不可用，请稍后再试",
    "The rate limiter is unavailable: payments, checkouts and withdrawals are refused until it is back", 503,
)
UNSUPPORTED_MEDIA_TYPE = ErrorCode("unsupported_media_type", "不支持的内容类型", "Unsupported media type", 415)
REQUEST_FAILED = ErrorCode("error", "请求失败", "Request failed", 400)
SERVER_ERROR = ErrorCode("server_error", "服务器内部错误", "Internal server error", 500)
CONFLICT_RETRY = ErrorCode("conflict_retry", "系统繁忙，请重试", "Concurrent update conflict: retry the request", 409)
IDEMPOTENCY_KEY_INVALID = ErrorCode("idempotency_key_invalid", "Idempotency-Key 过长",
                                    "Idempotency-Key longer than 255")
IDEMPOTENCY_KEY_REUSED = ErrorCode("idempotency_key_reused", "该 Idempotency-Key 已用于不同的请求",
                                   "Idempotency-Key was used with a different request", 409)
INVALID_TRANSITION = ErrorCode("invalid_transition", "当前状态不能执行此操作", "The status does not allow this", 409)
DATE_INVALID = ErrorCode("date_invalid", "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD")
RANGE_INVALID = ErrorCode("range_invalid", "结束日期不能早于开始日期", "End date before start date")
RANGE_TOO_LONG = ErrorCode("range_too_long", "日期范围过长", "Date range too long")
AMOUNT_INVALID = ErrorCode("amount_invalid", "金额无效", "Amount invalid")
QUANTITY_INVALID = ErrorCode("quantity_invalid", "数量无效", "Quantity out of range")
TOO_MANY = ErrorCode("too_many", "数量超过上限", "Too many", 409)
USERNAME_TAKEN = ErrorCode("username_taken", "该用户名已被注册", "Username already taken", 409)
NOTE_REQUIRED = ErrorCode("note_required", "驳回时必须填写原因", "A reason is required to reject")
# Input the database cannot store (shared_apps.core.parsers, RequestSanityMiddleware, params).
NULL_CHARACTER = ErrorCode("null_character", "请求中含有不允许的空字符（\\u0000）",
                           "The request contains a NUL character (\\u0000)")
INVALID_UNICODE = ErrorCode("invalid_unicode", "请求中含有无效的 Unicode 字符", "The request contains invalid Unicode")
JSON_TOO_DEEP = ErrorCode("json_too_deep", "JSON 嵌套层数过多（最多 {max_depth} 层）",
                          "JSON nested deeper than {max_depth} levels")
NUMBER_OUT_OF_RANGE = ErrorCode("number_out_of_range", "数值超出允许范围", "Number out of range")
NUMBER_OUT_OF_RANGE_PARAM = NUMBER_OUT_OF_RANGE.variant("参数 {name} 超出允许范围", "{name} is out of range")

INVALID_TRANSITION_OF = INVALID_TRANSITION.variant("{label}当前状态（{status_label}）不能执行此操作",
                                                   "{what} cannot move from {frm} to {to}")
INVALID_TRANSITION_FROM = INVALID_TRANSITION.variant("{label}当前状态（{status_label}）不能执行此操作",
                                                     "Cannot move from {frm} to {to}")
INVALID_OWNER_USERNAME_REQUIRED = INVALID.variant("未登录时必须填写管理员用户名", "owner_username is required")
USERNAME_TAKEN_OWNER = USERNAME_TAKEN.variant("管理员用户名已存在，请登录后再申请或换一个用户名",
                                              "Owner username exists: sign in first or choose another")
NOT_FOUND_APPLICATION = NOT_FOUND.variant("申请不存在", "Application not found")
DATE_INVALID_PARAM = DATE_INVALID.variant("日期格式应为 YYYY-MM-DD（{name}）", "Bad date in {name}")
INVALID_INTEGER = INVALID.variant("参数 {name} 应为整数", "{name} must be an integer")

# Shared by apps that may not import each other (catalog | inventory, tickets | dining).
NOT_FOUND_PRODUCT = NOT_FOUND.variant("商品不存在", "Product not found")
TICKET_NOT_FOUND = ErrorCode("ticket_not_found", "票据不存在", "Ticket not found", 404)
TOKEN_SCOPE = ErrorCode("token_scope", "该令牌不能用于运营或商户接口，请使用员工登录",
                        "This token is not valid for staff endpoints: use the staff login", 403)
