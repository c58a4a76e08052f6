"""The errors of distribution: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.accounts.errors import API_KEY_REQUIRED as API_KEY_REQUIRED
from shared_apps.accounts.errors import PASSWORD_REQUIRED as PASSWORD_REQUIRED
from shared_apps.accounts.errors import PASSWORD_WEAK as PASSWORD_WEAK
from shared_apps.core.failures import AMOUNT_INVALID as AMOUNT_INVALID
from shared_apps.core.failures import DATE_INVALID as DATE_INVALID
from shared_apps.core.failures import DATE_RANGE_INVALID as DATE_RANGE_INVALID
from shared_apps.core.failures import INVALID_TRANSITION as INVALID_TRANSITION
from shared_apps.core.failures import MERCHANT_NOT_FOUND as MERCHANT_NOT_FOUND
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import NOTE_REQUIRED as NOTE_REQUIRED
from shared_apps.core.failures import NOTE_REQUIRED_REJECT as NOTE_REQUIRED_REJECT
from shared_apps.core.failures import PERMISSION_DENIED as PERMISSION_DENIED
from shared_apps.core.failures import QUANTITY_INVALID as QUANTITY_INVALID
from shared_apps.core.failures import ErrorCode
from shared_apps.payments.errors import INSUFFICIENT_BALANCE as INSUFFICIENT_BALANCE
from shared_apps.payments.errors import REFUND_EXCEEDS_PAYMENT as REFUND_EXCEEDS_PAYMENT
from shared_apps.settlement.errors import ACCOUNT_INVALID as ACCOUNT_INVALID
from shared_apps.settlement.errors import BANK_ACCOUNT_MISSING as BANK_ACCOUNT_MISSING
from shared_apps.settlement.errors import NOT_FOUND_WITHDRAWAL as NOT_FOUND_WITHDRAWAL
from shared_apps.tourists.errors import ID_NO_INVALID as ID_NO_INVALID

ACCOUNT_INVALID_ONE = ACCOUNT_INVALID
ALREADY_MEMBER = ErrorCode("already_member", "该账号已是本分销商成员", "Already a member", 409)
AMOUNT_INVALID_CREDIT_LIMIT = AMOUNT_INVALID.of(problem="授信额度不能为负", problem_en="credit limit must be >= 0")
AMOUNT_INVALID_OUT_RANGE = AMOUNT_INVALID.of(problem="充值金额无效", problem_en="top-up out of range")
API_KEY_NOT_FOUND = ErrorCode("api_key_not_found", "API 密钥不存在", "API key not found", 404)
APPLICATION_PENDING = ErrorCode(
    "application_pending", "同名申请正在审核中", "An application with this name is pending", 409,
)
BANK_ACCOUNT_MISSING_SET_PAYOUT_FIRST = ErrorCode(
    "payout_account_missing", "请先设置收款银行账户", "Set a payout bank account first",
)
BOOKING_EXPIRED = ErrorCode("booking_expired", "占位已超时，请重新预订", "The hold expired: reserve again", 409)
BOOKING_NOT_FOUND = ErrorCode("booking_not_found", "预订不存在", "Booking not found", 404)
BOOKING_USED = ErrorCode("booking_used", "订单已使用或处理中，不能取消", "The order is used or being handled", 409)
CANCEL_WINDOW_CLOSED = ErrorCode("cancel_window_closed", "已过免费取消时限，不能取消", "Too late to cancel", 409)
CONTRACT_EXISTS = ErrorCode("contract_exists", "已申请或已获授权", "Already requested or authorised", 409)
CONTRACT_NOT_FOUND = ErrorCode("contract_not_found", "授权记录不存在", "Contract not found", 404)
DEPARTMENT_CYCLE = ErrorCode("department_cycle", "不能把部门移动到其下级部门", "Would create a cycle")
DEPARTMENT_EXISTS = ErrorCode("department_exists", "同级部门名称重复", "Department name taken at this level", 409)
DEPARTMENT_NOT_EMPTY = ErrorCode(
    "department_not_empty", "部门下还有子部门或成员", "Department still has children or members", 409,
)
DEPARTMENT_NOT_FOUND = ErrorCode("department_not_found", "部门不存在", "Department not found", 404)
DISCOUNT_DATES_INVALID = ErrorCode(
    "discount_dates_invalid", "开始日期不能晚于结束日期", "valid_from is after valid_until",
)
DISCOUNT_IN_USE = ErrorCode(
    "discount_in_use", "该策略已用于分销预订，不能删除，请停用", "Used by bookings: disable it instead", 409,
)
DISCOUNT_MODE_INVALID = ErrorCode(
    "discount_mode_invalid", "优惠方式应为 percent（折扣）或 fixed（固定结算价）", "mode is percent or fixed",
)
DISCOUNT_NAME_REQUIRED = ErrorCode("discount_name_required", "请填写策略名称", "A name is required")
DISCOUNT_NOT_FOUND = ErrorCode("discount_not_found", "优惠策略不存在", "Discount policy not found", 404)
DISCOUNT_PERCENT_INVALID = ErrorCode(
    "discount_percent_invalid", "优惠比例应在 0 到 100 之间", "percent_off must be 0..100",
)
DISCOUNT_PRICE_INVALID = ErrorCode(
    "discount_price_invalid", "结算价应为不小于 0 的整数（分）", "net_price_fen must be an integer >= 0",
)
DISCOUNT_TARGET_INVALID = ErrorCode(
    "discount_target_invalid",
    "请选择一个适用对象：指定分销商（授权）或分销商等级，二选一",
    "Give exactly one of contract_id or level_id",
)
DISCOUNT_TIERS_INVALID = ErrorCode("discount_tiers_invalid", "团队阶梯有误：{problem}", "Invalid tiers: {problem_en}")
DISCOUNT_WEEKDAYS_INVALID = ErrorCode(
    "discount_weekdays_invalid", "适用星期应为 1（周一）到 7（周日）", "Weekdays are 1..7",
)
DISTRIBUTOR_AMBIGUOUS = ErrorCode(
    "distributor_ambiguous",
    "您属于多个分销商，请用 X-Distributor-Id 指定",
    "Member of several distributors: send X-Distributor-Id",
)
DISTRIBUTOR_NOT_FOUND = ErrorCode(
    "distributor_not_found", "分销商不存在或已停用", "Distributor not found or suspended", 404,
)
DISTRIBUTOR_SUSPENDED = ErrorCode("distributor_suspended", "分销商账号已停用", "Distributor is suspended", 403)
FINANCE_LOCKED = ErrorCode("finance_locked", "财务密码错误次数过多，请稍后再试", "Finance password locked", 423)
FINANCE_PASSWORD_UNSET = ErrorCode("finance_password_unset", "请先设置财务密码", "Set a finance password first", 409)
FINANCE_PASSWORD_WEAK = ErrorCode(
    "finance_password_weak",
    "财务密码至少 6 位，且不能与登录密码相同",
    "At least 6 characters, different from the login password",
)
FINANCE_PASSWORD_WRONG = ErrorCode("finance_password_wrong", "财务密码错误", "Wrong finance password", 403)
ID_NO_INVALID_DOCUMENT_NUMBER = ErrorCode(
    "traveller_id_no_invalid", "第 {n} 位游客证件号码无效", "Invalid document number of traveller {n}",
)
IDEMPOTENCY_KEY_REQUIRED = ErrorCode(
    "idempotency_key_required", "预订请求必须携带 Idempotency-Key", "Idempotency-Key header is required",
)
INSUFFICIENT_BALANCE_AVAILABLE_COMMISSION_TOO = INSUFFICIENT_BALANCE.of(
    what="可提现佣金", what_en="Available commission",
)
INSUFFICIENT_FUNDS = ErrorCode("insufficient_funds", "预存款与授信额度不足", "Deposit plus credit line too low", 409)
INVALID_TRANSITION_BOOKING_CANNOT_CANCELLED = INVALID_TRANSITION.of(
    label="", action="取消", what="Booking", action_en="be cancelled from {status}",
)
LAST_ADMIN = ErrorCode("last_admin", "至少需要保留一名管理员", "At least one admin must remain", 409)
LEVEL_NOT_FOUND = ErrorCode("level_not_found", "分销商等级不存在", "Level not found", 404)
LOGIN_PASSWORD_WRONG = ErrorCode("login_password_wrong", "登录密码错误", "Wrong login password", 403)
MEMBER_NOT_FOUND = ErrorCode("member_not_found", "该分销商没有这位{what}", "Member not found", 404)
MEMBER_REQUIRED = ErrorCode(
    "member_required",
    "该接口需要分销商成员登录，不能使用 API 密钥",
    "Sign in as a distributor member; API keys are not accepted here",
    403,
)
MERCHANT_NOT_AUTHORISED = ErrorCode(
    "merchant_not_authorised",
    "以下商户尚未授权本分销商：{merchants}",
    "Merchants have not authorised this distributor",
)
NAME_TAKEN = ErrorCode("name_taken", "该分销商名称已存在", "A distributor with this name exists", 409)
NOT_A_DISTRIBUTOR = ErrorCode("not_a_distributor", "您不是分销商成员", "Not a member of a distributor", 403)
NOT_FOUND_DISTRIBUTOR = NOT_FOUND.of(what="分销商", what_en="Distributor")
NOT_FOUND_TOP_UP = NOT_FOUND.of(what="充值记录", what_en="Top-up")
NOTE_REQUIRED_REASON = NOTE_REQUIRED.of(action="拒绝", action_en="refuse")
PERMISSION_DENIED_YOUR_ROLE_MAY = PERMISSION_DENIED.of(
    reason="：您的角色没有该操作权限", reason_en=": your role may not do this",
)
PRODUCT_NOT_FOUND = ErrorCode("product_not_found", "商品不存在或{why}", "Product not found or {why_en}", 404)
PROFILE_UNAVAILABLE = ErrorCode(
    "profile_unavailable", "分销商资料创建失败", "Could not create the distributor profile", 500,
)
QUANTITY_INVALID_UNITS_OUT_RANGE = QUANTITY_INVALID.of(what="数量", what_en="Units", max="{max_units}")
RANGE_INVALID_DATE_TOO_LONG = DATE_RANGE_INVALID.of(max_days="{max_range_days}")
RATE_LIMIT_INVALID = ErrorCode("rate_limit_invalid", "限流需在 1 到 {cap} 次/分钟之间", "Rate limit must be 1..{cap}")
REFUND_EXCEEDS_PAYMENT_BOOKING = REFUND_EXCEEDS_PAYMENT.of(what="预订金额", what_en="the booking")
SUPPLIER_NOT_AUTHORISED = ErrorCode(
    "supplier_not_authorised", "该 API 密钥无权访问{what}", "This key may not reach {what_en}", 403,
)
SUPPLIER_NOT_FOUND_OR_SUSPENDED = ErrorCode(
    "supplier_not_found", "供应商不存在或已停业", "Supplier not found or suspended", 404,
)
TOPUP_DUPLICATE = ErrorCode("topup_duplicate", "该银行流水号已登记", "This bank transaction is already recorded", 409)
TRAVELLERS_INVALID = ErrorCode("travellers_invalid", "第 {n} 位游客缺少姓名", "Traveller name missing")
TRAVELLERS_MISMATCH = ErrorCode("travellers_mismatch", "游客人数与预订数量不一致", "One traveller per unit is required")
TRAVELLERS_REQUIRED = ErrorCode(
    "travellers_required",
    "团队预订（{group_min_units} 人及以上）需提供游客名单",
    "Group bookings need a traveller list",
)
UNITS_INVALID = ErrorCode("units_invalid", "可取消数量为 1 到 {total_left}", "Units to cancel out of range")
WEBHOOK_UNSET = ErrorCode("webhook_unset", "尚未设置回调地址", "No webhook URL set", 409)
WEBHOOK_URL_REFUSED = ErrorCode(
    "webhook_url_refused", "回调地址不可用：须为可公网访问的地址（生产环境须为 https），不能指向内网、本机或保留地址",
    "Webhook URL refused: it must be a public address (https in production), not a private, loopback or reserved one",
)
DISCOUNT_DATES_INVALID_YYYY_MM_DD = DATE_INVALID
DISCOUNT_TIERS_INVALID_TIER_LINES_UNITS = DISCOUNT_TIERS_INVALID.of(
    problem="团队阶梯第 {n} 行格式应为 数量=数值", problem_en="tier lines are units=value",
)
DISCOUNT_TIERS_INVALID_TIER_MIN_UNITS = DISCOUNT_TIERS_INVALID.of(
    problem="第 {n} 档：起订数量应为不小于 2 且不重复的整数", problem_en="tier min_units must be >= 2 and unique",
)
MEMBER_NOT_FOUND_ORG = MEMBER_NOT_FOUND.of(what="成员")
PRODUCT_NOT_FOUND_UNAUTHORISED = PRODUCT_NOT_FOUND.of(why="未授权分销", why_en="not for distribution")
SUPPLIER_NOT_AUTHORISED_ONE = SUPPLIER_NOT_AUTHORISED.of(what="此供应商", what_en="the supplier")
DISCOUNT_TIERS_INVALID_TOO_MANY = DISCOUNT_TIERS_INVALID.of(
    problem="团队阶梯最多 {max_tiers} 档", problem_en="at most {max_tiers} tiers",
)
PRODUCT_NOT_FOUND_UNKNOWN_IDS = PRODUCT_NOT_FOUND_UNAUTHORISED
