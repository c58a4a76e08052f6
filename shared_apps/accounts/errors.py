"""The errors of accounts: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import USERNAME_TAKEN as USERNAME_TAKEN
from shared_apps.core.failures import ErrorCode

ALREADY_STAFF = ErrorCode("already_staff", "该账号已是本商户员工", "Already a staff member", 409)
API_KEY_REQUIRED = ErrorCode("api_key_required", "需要使用分销商 API 密钥", "A distributor API key is required", 403)
NOT_A_USER = ErrorCode("not_a_user", "API 密钥不代表个人账号", "An API key is not a user account")
NOT_FOUND_STAFF_MEMBER = NOT_FOUND.variant("员工不存在", "Staff member not found")
OWNER_LOCKED = ErrorCode("owner_locked", "店主账号变更需提交平台审核", "Changing the owner needs operator review", 409)
PASSWORD_REQUIRED = ErrorCode("password_required", "新账号需要设置密码", "A new account needs a password")
PASSWORD_WEAK = ErrorCode("password_weak", "密码强度不足：{reasons}", "Password too weak")
PHONE_TAKEN = ErrorCode("phone_taken", "该手机号已被注册", "Phone number already registered", 409)
