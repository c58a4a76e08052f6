"""The errors of onboarding: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.accounts.errors import PASSWORD_WEAK as PASSWORD_WEAK
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import ErrorCode

CATEGORY_INVALID = ErrorCode("category_invalid", "不支持的变更类别", "Unknown change category")
CHANGE_PENDING = ErrorCode(
    "change_pending", "该类别已有待审核的变更", "A change of this category is already pending", 409,
)
NOT_APPROVED = ErrorCode("not_approved", "申请尚未通过审核", "Application is not approved", 409)
NOT_FOUND_RECORD = NOT_FOUND.of(what="记录", what_en="Record")
PAYLOAD_INVALID = ErrorCode("payload_invalid", "请填写：{fields}", "Provide non-empty: {fields_en}")
SLUG_INVALID = ErrorCode(
    "slug_invalid",
    "二级域名需为3-30位小写字母或数字，以字母开头，且不能使用保留名",
    "Slug must be 3-30 lowercase letters/digits starting with a letter, not reserved",
)
SLUG_TAKEN = ErrorCode("slug_taken", "该二级域名已被占用", "Slug already taken", 409)
USER_NOT_FOUND = ErrorCode("user_not_found", "新管理员账号不存在，请先注册", "The new admin account does not exist")
