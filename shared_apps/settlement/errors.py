"""The errors of settlement: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import AMOUNT_INVALID as AMOUNT_INVALID
from shared_apps.core.failures import DATE_INVALID as DATE_INVALID
from shared_apps.core.failures import INVALID_TRANSITION as INVALID_TRANSITION
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import NOTE_REQUIRED as NOTE_REQUIRED
from shared_apps.core.failures import NOTE_REQUIRED_REJECT as NOTE_REQUIRED_REJECT
from shared_apps.core.failures import PERMISSION_DENIED as PERMISSION_DENIED
from shared_apps.core.failures import ErrorCode
from shared_apps.payments.errors import INSUFFICIENT_BALANCE as INSUFFICIENT_BALANCE
from shared_apps.payments.errors import REFUND_EXCEEDS_PAYMENT as REFUND_EXCEEDS_PAYMENT

ACCOUNT_INVALID = ErrorCode("account_invalid", "账户类型无效", "account must be one of {accounts}")
AMOUNT_INVALID_POSITIVE = AMOUNT_INVALID.of(problem="提现金额必须大于 0", problem_en="a withdrawal must be positive")
BANK_ACCOUNT_MISSING = ErrorCode("bank_account_missing", "请先提交并通过对公账户审核", "No reviewed bank account")
GATEWAY_INVALID = ErrorCode("gateway_invalid", "通道无效", "gateway must be wechat or alipay")
INSUFFICIENT_BALANCE_AVAILABLE_TOO_LOW = INSUFFICIENT_BALANCE.of(what="可提现余额", what_en="Available balance")
INVALID_TRANSITION_WITHDRAWAL_DECIDED = INVALID_TRANSITION.of(
    label="提现申请", what="Withdrawal", action="再次处理", action_en="be decided again ({frm} to {to})",
)
PERMISSION_DENIED_ONLY_FINANCE_OPERATORS = PERMISSION_DENIED.of(
    reason="：仅财务可审核提现", reason_en=": only finance operators review withdrawals",
)
REFUND_EXCEEDS_PAYMENT_MERCHANT_ORDER = REFUND_EXCEEDS_PAYMENT.of(what="该商户订单实付金额", what_en="the payment")
NOT_FOUND_WITHDRAWAL = NOT_FOUND.of(what="提现申请", what_en="Withdrawal")
ACCOUNT_INVALID_WITHDRAWAL = ACCOUNT_INVALID.of(accounts="available, payable")
