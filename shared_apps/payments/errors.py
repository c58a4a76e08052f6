"""The errors of payments: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import AMOUNT_INVALID as AMOUNT_INVALID
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import ErrorCode
from tenant_apps.hotel.errors import METHOD_INVALID as METHOD_INVALID
from tenant_apps.hotel.errors import METHOD_INVALID_UNKNOWN as METHOD_INVALID_UNKNOWN
from tenant_apps.hotel.errors import QR_INVALID_PAYMENT as QR_INVALID_PAYMENT

AMOUNT_INVALID_TOP_UP = AMOUNT_INVALID.of(
    problem="充值金额需在 1 元到 50000 元之间", problem_en="top-ups are 1..50000 yuan",
)
AMOUNT_MISMATCH = ErrorCode("amount_mismatch", "支付金额与订单不符", "Paid amount differs from the tender", 409)
CALLBACK_TOO_LARGE = ErrorCode(
    "callback_too_large", "回调内容过大", "Callback body larger than {max_bytes} bytes", 413,
)
CHECKOUT_CLOSED = ErrorCode("checkout_closed", "订单已支付、取消或超时", "Checkout is not awaiting payment", 409)
GATEWAY_UNAVAILABLE = ErrorCode(
    "gateway_unavailable", "支付通道暂不可用，请稍后再试", "Gateway error: {gateway_code}", 502,
)
INSUFFICIENT_BALANCE = ErrorCode("insufficient_balance", "{what}不足", "{what_en} too low", 409)
METHOD_INVALID_TOP_UPS_USE = METHOD_INVALID.of(
    problem="充值只能使用微信或支付宝", problem_en="top-ups use WeChat Pay or Alipay",
)
METHOD_INVALID_UNKNOWN_PAYMENT = METHOD_INVALID_UNKNOWN
NOT_FOUND_CHECKOUT = NOT_FOUND.of(what="结算单", what_en="Checkout")
NOT_FOUND_PAYMENT = NOT_FOUND.of(what="支付单", what_en="Payment")
NOT_FOUND_UNKNOWN_OUT_TRADE = NOT_FOUND.of(what="支付单", what_en="Payment {out_trade_no}")
NOT_FOUND_UNKNOWN_REFUND = NOT_FOUND.of(what="退款单", what_en="Refund")
PAYMENT_IN_PROGRESS = ErrorCode(
    "payment_in_progress", "该{what}正在支付中", "A payment for this {what_en} is in progress", 409,
)
PAYMENT_NOT_FOUND = ErrorCode(
    "payment_not_found", "找不到该订单的支付记录", "No successful payment for this order", 409,
)
QR_STALE = ErrorCode(
    "qr_stale",
    "该收款码对应的账单已支付或金额已变化，请让商户重新生成",
    "The bill behind this code is paid or changed",
    409,
)
REFUND_EXCEEDS_PAYMENT = ErrorCode("refund_exceeds_payment", "退款金额超过{what}", "Refund exceeds {what_en}", 409)
TOO_MANY_PAYMENTS = ErrorCode("too_many_payments", "操作过于频繁，请稍后再试", "Too many payment attempts", 429)
WALLET_AMOUNT_INVALID = ErrorCode("wallet_amount_invalid", "钱包抵扣金额无效", "Wallet amount out of range")
PAYMENT_IN_PROGRESS_BILL = PAYMENT_IN_PROGRESS.of(what="账单", what_en="bill")
INSUFFICIENT_BALANCE_WALLET = INSUFFICIENT_BALANCE.of(what="钱包余额", what_en="Wallet balance")
PAYMENT_IN_PROGRESS_CHECKOUT = PAYMENT_IN_PROGRESS.of(what="订单", what_en="checkout")
REFUND_EXCEEDS_PAYMENT_LEFT = REFUND_EXCEEDS_PAYMENT.of(what="可退金额", what_en="what is left")
