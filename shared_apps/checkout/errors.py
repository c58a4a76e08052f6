"""The errors of checkout: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import RANGE_TOO_LONG as RANGE_TOO_LONG
from shared_apps.core.failures import ErrorCode
from shared_apps.payments.errors import CHECKOUT_CLOSED as CHECKOUT_CLOSED
from shared_apps.payments.errors import NOT_FOUND_CHECKOUT as NOT_FOUND_CHECKOUT
from tenant_apps.orders.errors import NOT_FOUND_ORDER as NOT_FOUND_ORDER
from tenant_apps.orders.errors import PRODUCT_UNAVAILABLE_GOODS as PRODUCT_UNAVAILABLE_GOODS
from tenant_apps.promotions.errors import NOTHING_TO_PAY as NOTHING_TO_PAY

CHECKOUT_CLOSED_CANCELLED_EXPIRED = CHECKOUT_CLOSED
COUPON_MERCHANT_INVALID = ErrorCode(
    "coupon_merchant_invalid", "优惠券对应的商户不在本次结算中", "Coupon for a merchant not in the checkout",
)
EMPTY_CHECKOUT = ErrorCode("empty_checkout", "没有要结算的商品", "Nothing to check out")
MERCHANT_UNAVAILABLE = ErrorCode("merchant_unavailable", "商户不存在或已停业", "Merchant not found or inactive", 409)
NOTHING_TO_PAY_FREE_CHECKOUT = NOTHING_TO_PAY.of(
    hint="：该订单金额为 0，已确认，无需支付", hint_en=": this checkout totals 0 and is confirmed",
)
NOT_FOUND_CART_ITEM = ErrorCode("cart_item_not_found", "购物车中没有该商品", "Cart item not found", 404)
NOT_PAY_AT_MERCHANT = ErrorCode(
    "not_pay_at_merchant", "在线支付的订单请申请退款", "Only pay-at-merchant orders cancel here", 409,
)
PAY_AT_MERCHANT_LIMIT = ErrorCode(
    "pay_at_merchant_limit",
    "到店付款的待入住订单最多 {max_open} 个（当前 {open_count} 个），请先入住或取消已有订单",
    "At most {max_open} open pay-at-merchant orders per tourist",
    409,
)
PAY_AT_MERCHANT_MIXED = ErrorCode(
    "pay_at_merchant_mixed",
    "同一商户的商品需选择相同的付款方式（在线支付或到店付款）",
    "Items of one merchant must all be paid online or all at the merchant",
)
RANGE_TOO_LONG_DATE = RANGE_TOO_LONG.of(max_days="{max_range_days}")
TOO_MANY_LINES = ErrorCode(
    "too_many_lines", "一次最多结算 {max_lines} 行商品，请分开下单", "At most {max_lines} lines per checkout",
)
TOO_MANY_OPEN_CHECKOUTS = ErrorCode(
    "too_many_open_checkouts",
    "您有 {open_count} 个待支付订单（最多 {max_open} 个），请先支付或取消后再下单",
    "At most {max_open} unpaid checkouts per tourist: pay or cancel one first",
    409,
)
TOO_MANY_MERCHANTS = ErrorCode(
    "too_many_merchants",
    "一次最多结算 {max_merchants_per_checkout} 个商户的商品",
    "Too many merchants in one checkout",
)
