"""The errors of accounts: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import TOKEN_SCOPE as TOKEN_SCOPE
from shared_apps.core.failures import USERNAME_TAKEN as USERNAME_TAKEN
from shared_apps.core.failures import ErrorCode

ALREADY_STAFF = ErrorCode("already_staff", "该账号已是本商户员工", "Already a staff member", 409)
API_KEY_REQUIRED = ErrorCode("api_key_required", "需要使用分销商 API 密钥", "A distributor API key is required", 403)
NOT_A_USER = ErrorCode("not_a_user", "API 密钥不代表个人账号", "An API key is not a user account")
NOT_FOUND_STAFF_MEMBER = NOT_FOUND.of(what="员工", what_en="Staff member")
OWNER_LOCKED = ErrorCode("owner_locked", "店主账号变更需提交平台审核", "Changing the owner needs operator review", 409)
PASSWORD_REQUIRED = ErrorCode("password_required", "新账号需要设置密码", "A new account needs a password")
PASSWORD_WEAK = ErrorCode("password_weak", "密码强度不足：{reasons}", "Password too weak")
PHONE_TAKEN = ErrorCode("phone_taken", "该手机号已被注册", "Phone number already registered", 409)

# Login protection, staff login, two-factor and sessions (OPS-ACC-08).
LOGIN_LOCKED = ErrorCode("login_locked", "登录失败次数过多，请 {seconds} 秒后再试",
                         "Too many failed logins: try again in {seconds} seconds", 429)
STAFF_LOGIN_REQUIRED = ErrorCode("staff_login_required", "员工账号请使用控制台登录（/api/v1/ops/auth/token/）",
                                 "Staff accounts log in through the staff login (/api/v1/ops/auth/token/)", 403)
NOT_STAFF_ACCOUNT = ErrorCode("not_staff_account", "该账号不是平台或商户员工，请使用游客登录",
                              "Not a staff account: use the tourist login", 403)
OTP_REQUIRED = ErrorCode("otp_required", "请输入两步验证码", "Two-factor code required", 401)
OTP_INVALID = ErrorCode("otp_invalid", "两步验证码错误或已过期", "Two-factor code wrong or expired", 401)
OTP_SETUP_REQUIRED = ErrorCode("otp_setup_required", "运营账号必须先在控制台启用两步验证",
                               "Operator accounts must enable two-factor authentication in the console first", 403)
OTP_NOT_STARTED = ErrorCode("otp_not_started", "请先生成两步验证密钥", "Start the two-factor set-up first", 409)
NOT_FOUND_SESSION = NOT_FOUND.of(what="登录会话", what_en="Login session")
REFRESH_INVALID = ErrorCode("token_not_valid", "登录已失效，请重新登录", "Token is invalid, expired or already used",
                            401)
