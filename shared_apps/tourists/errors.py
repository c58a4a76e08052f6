"""The errors of tourists: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.accounts.errors import PHONE_TAKEN as PHONE_TAKEN
from shared_apps.core.failures import INVALID as INVALID
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import TOO_MANY as TOO_MANY
from shared_apps.core.failures import ErrorCode

ADDRESS_NOT_FOUND = ErrorCode("address_not_found", "所选的收货地址不存在", "Selected address not found", 404)
DEFAULT_REQUIRED = ErrorCode("default_required", "请先将其他地址设为默认地址", "Make another address the default first")
ID_NO_INVALID = ErrorCode("id_no_invalid", "{label}号码不正确", "Invalid {id_type} number: {problem}")
INVALID_FAVOURITE_KINDS_AMONG = INVALID.of(
    problem="偏好类别不正确", problem_en="favourite_kinds must be among {choices}",
)
INVALID_ID_NO_REQUIRED = INVALID.of(
    problem="更换证件类型时需同时提供证件号码", problem_en="id_no is required when id_type changes",
)
INVALID_ID_TYPE_ONE = INVALID.of(problem="证件类型不正确", problem_en="id_type must be one of {choices}")
INVALID_LANGUAGE_ONE = INVALID.of(problem="不支持该语言", problem_en="language must be one of {choices}")
INVALID_LONGER_THAN_CHARACTERS = INVALID.of(
    problem="{label}过长（最多 {max_length} 字）", problem_en="{field} longer than {max_length} characters",
)
INVALID_REQUIRED = INVALID.of(problem="{label}不能为空", problem_en="{field} is required")
NOT_FOUND_ADDRESS = NOT_FOUND.of(what="收货地址", what_en="Address")
NOT_FOUND_TRAVELLER = NOT_FOUND.of(what="常用旅客", what_en="Traveller")
PHONE_INVALID = ErrorCode(
    "phone_invalid", "手机号格式不正确（11 位，以 1 开头）", "Phone must be 11 digits starting with 1",
)
POSTCODE_INVALID = ErrorCode("postcode_invalid", "邮政编码应为 6 位数字", "Postcode must be 6 digits")
TOO_MANY_MOST_ADDRESSES = TOO_MANY.of(what="收货地址", what_en="addresses", max="{max_addresses}", unit="个")
TOO_MANY_MOST_TRAVELLERS = TOO_MANY.of(what="常用旅客", what_en="travellers", max="{max_travellers}", unit="位")
TRAVELLER_EXISTS = ErrorCode(
    "traveller_exists", "该证件的旅客已存在", "A traveller with this document already exists", 409,
)
TRAVELLER_NOT_FOUND = ErrorCode("traveller_not_found", "所选的常用旅客不存在", "Selected traveller not found", 404)
