"""The errors of settlement: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import AMOUNT_INVALID as AMOUNT_INVALID
from shared_apps.core.failures import DATE_INVALID as DATE_INVALID
from shared_apps.core.failures import INVALID_TRANSITION as INVALID_TRANSITION
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import NOTE_REQUIRED as NOTE_REQUIRED
from shared_apps.core.failures import PERMISSION_DENIED as PERMISSION_DENIED
from shared_apps.core.failures import ErrorCode
from shared_apps.payments.errors import INSUFFICIENT_BALANCE as INSUFFICIENT_BALANCE
from shared_apps.payments.errors import REFUND_EXCEEDS_PAYMENT as REFUND_EXCEEDS_PAYMENT

ACCOUNT_INVALID = ErrorCode("account_invalid", "账户类型无效", "account must be available or payable")
AMOUNT_INVALID_POSITIVE = AMOUNT_INVALID.variant("提现金额必须大于 0", "Amount must be positive")
BANK_ACCOUNT_MISSING = ErrorCode("bank_account_missing", "请先提交并通过对公账户审核", "No reviewed bank account")
GATEWAY_INVALID = ErrorCode("gateway_invalid", "通道无效", "gateway must be wechat or alipay")
INSUFFICIENT_BALANCE_AVAILABLE_TOO_LOW = INSUFFICIENT_BALANCE.variant("可提现余额不足", "Available balance too low")
INVALID_TRANSITION_WITHDRAWAL_DECIDED = INVALID_TRANSITION.variant("该提现已处理", "Withdrawal already decided")
PERMISSION_DENIED_ONLY_FINANCE_OPERATORS = PERMISSION_DENIED.variant(
    "仅财务可审核提现", "Only finance operators review withdrawals",
)
REFUND_EXCEEDS_PAYMENT_MERCHANT_ORDER = REFUND_EXCEEDS_PAYMENT.variant(
    "退款金额超过该商户订单实付金额", "Refund exceeds the payment",
)
NOT_FOUND_WITHDRAWAL = NOT_FOUND.variant("提现申请不存在", "Withdrawal not found")
