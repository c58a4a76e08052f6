"""Domain errors that know nothing of HTTP frameworks, and the catalogue of the generic codes.

Every app lists the errors it raises in its own `errors.py` (code, Chinese and English message,
HTTP status); a service raises `DomainError(errors.SLUG_TAKEN)`, passing `str.format` values for
messages with `{placeholders}` and optional `details`. `shared_apps.core.errors` alone turns a
DomainError into the JSON body (`code`, `message`, `message_en`, `details`) or into an HTML page.

A code means one thing and has one message template: it is defined once, by one `ErrorCode`.
Where one code names different things (`not_found` for a payment, for an order), the template
has a placeholder and the catalogue binds it once: `NOT_FOUND_PAYMENT = NOT_FOUND.of(what="支付单",
what_en="Payment")`, so raise sites stay `DomainError(errors.NOT_FOUND_PAYMENT)`. A bound value may
itself use the raise site's values (`problem="{label}不能为空"`). `tests/test_error_catalogue.py`
checks that no code has two templates and no message text belongs to two codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class ErrorCode:
    """One catalogue entry: a stable `code`, message templates in Chinese and English, the HTTP status."""

    code: str
    zh: str
    en: str
    status: int = 400

    @property
    def entry(self) -> ErrorCode:
        return self

    def of(self, **params) -> BoundError:
        """This code with some of its template's values filled in (`NOT_FOUND.of(what="商品", ...)`)."""
        return BoundError(self, params)

    def render(self, **params) -> tuple[str, str]:
        """The Chinese and English message, formatted."""
        return self.zh.format(**params), self.en.format(**params)


@dataclass(frozen=True, eq=False)
class BoundError:
    """A catalogue entry with values bound to some of its placeholders: not a code of its own."""

    entry: ErrorCode
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def status(self) -> int:
        return self.entry.status

    def of(self, **params) -> BoundError:
        return BoundError(self.entry, {**self.params, **params})

    def render(self, **params) -> tuple[str, str]:
        bound = {k: v.format(**params) if isinstance(v, str) else v for k, v in self.params.items()}
        return self.entry.render(**{**params, **bound})

    def __repr__(self) -> str:
        return f"{self.entry.code}.of({dict(self.params)})"


Failure = ErrorCode | BoundError
"""What a raise site names: a catalogue entry, or one with some values bound."""


class DomainError(Exception):
    """A business rule refused the request: `raise DomainError(errors.SLUG_TAKEN, slug=slug)`."""

    def __init__(self, error: Failure, /, *, details=None, **params):
        self.error = error.entry
        self.code = error.code
        self.message, self.message_en = error.render(**params)
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
PERMISSION_DENIED = ErrorCode("permission_denied", "没有权限执行此操作{reason}", "Permission denied{reason_en}", 403)
NOT_FOUND = ErrorCode("not_found", "{what}不存在", "{what_en} not found", 404)
METHOD_NOT_ALLOWED = ErrorCode("method_not_allowed", "不支持该请求方法", "Method not allowed", 405)
INVALID = ErrorCode("invalid", "提交的数据有误：{problem}", "Invalid input: {problem_en}", 400)
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
INVALID_TRANSITION = ErrorCode("invalid_transition", "{label}当前状态（{status_label}）不能{action}",
                                "{what} cannot {action_en}", 409)
DATE_INVALID = ErrorCode("date_invalid", "日期格式应为 YYYY-MM-DD（{name}）", "Bad date in {name}")
RANGE_INVALID = ErrorCode("range_invalid", "结束日期不能早于开始日期", "End date before start date")
RANGE_TOO_LONG = ErrorCode("range_too_long", "日期范围最长 {max_days} 天", "Date range longer than {max_days} days")
DATE_RANGE_INVALID = ErrorCode("date_range_invalid", "日期范围需在 {max_days} 天以内且结束不早于开始",
                               "Bad date range: end before start or longer than {max_days} days")
AMOUNT_INVALID = ErrorCode("amount_invalid", "金额无效：{problem}", "Amount invalid: {problem_en}")
QUANTITY_INVALID = ErrorCode("quantity_invalid", "{what}需在 1 到 {max} 之间", "{what_en} must be 1..{max}")
TOO_MANY = ErrorCode("too_many", "{what}最多 {max} {unit}", "At most {max} {what_en}", 409)
USERNAME_TAKEN = ErrorCode("username_taken", "该用户名已被注册", "Username already taken", 409)
NOTE_REQUIRED = ErrorCode("note_required", "{action}时必须填写原因", "A reason is required to {action_en}")

# Input the database cannot store (shared_apps.core.parsers, RequestSanityMiddleware, params).
NULL_CHARACTER = ErrorCode("null_character", "请求中含有不允许的空字符（\\u0000）",
                           "The request contains a NUL character (\\u0000)")
INVALID_UNICODE = ErrorCode("invalid_unicode", "请求中含有无效的 Unicode 字符", "The request contains invalid Unicode")
JSON_TOO_DEEP = ErrorCode("json_too_deep", "JSON 嵌套层数过多（最多 {max_depth} 层）",
                          "JSON nested deeper than {max_depth} levels")
NUMBER_OUT_OF_RANGE = ErrorCode("number_out_of_range", "{what}超出允许范围", "{what_en} out of range")
NUMBER_OUT_OF_RANGE_ANY = NUMBER_OUT_OF_RANGE.of(what="数值", what_en="Number")
NUMBER_OUT_OF_RANGE_PARAM = NUMBER_OUT_OF_RANGE.of(what="参数 {name} ", what_en="{name}")

OWNER_USERNAME_REQUIRED = ErrorCode("owner_username_required", "未登录时必须填写管理员用户名",
                                    "owner_username is required")
OWNER_USERNAME_TAKEN = ErrorCode("owner_username_taken", "管理员用户名已存在，请登录后再申请或换一个用户名",
                                 "Owner username exists: sign in first or choose another", 409)

# The generic messages of the mapper (shared_apps.core.errors) and of the state machines.
NOT_FOUND_RESOURCE = NOT_FOUND.of(what="资源", what_en="Resource")
PERMISSION_DENIED_ANY = PERMISSION_DENIED.of(reason="", reason_en="")
INVALID_INPUT = INVALID.of(problem="请检查填写的内容", problem_en="see details")
INVALID_TRANSITION_MOVE = INVALID_TRANSITION.of(action="执行此操作", action_en="move from {frm} to {to}")

NOT_FOUND_APPLICATION = NOT_FOUND.of(what="申请", what_en="Application")
INVALID_INTEGER = INVALID.of(problem="参数 {name} 应为整数", problem_en="{name} must be an integer")
DATE_INVALID_RANGE = DATE_INVALID.of(name="start, end")
NOTE_REQUIRED_REJECT = NOTE_REQUIRED.of(action="驳回", action_en="reject")

# Shared by apps that may not import each other (catalog | inventory, distribution | fulfilment).
MERCHANT_NOT_FOUND = ErrorCode("merchant_not_found", "商户不存在", "Merchant not found", 404)
NOT_FOUND_PRODUCT = NOT_FOUND.of(what="商品", what_en="Product")
TOKEN_SCOPE = ErrorCode("token_scope", "该令牌不能用于运营或商户接口，请使用员工登录",
                        "This token is not valid for staff endpoints: use the staff login", 403)
