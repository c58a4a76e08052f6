"""The errors of orders: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import INVALID as INVALID
from shared_apps.core.failures import INVALID_TRANSITION as INVALID_TRANSITION
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import QUANTITY_INVALID as QUANTITY_INVALID
from shared_apps.core.failures import ErrorCode
from tenant_apps.inventory.errors import SESSION_INVALID as SESSION_INVALID
from tenant_apps.promotions.errors import PRODUCT_UNAVAILABLE_GOODS as PRODUCT_UNAVAILABLE_GOODS

CANCEL_CUTOFF_PASSED = ErrorCode(
    "cancel_cutoff_passed",
    "已过免费取消时间（{cutoff:%m月%d日 %H:%M}），如需取消请联系商户",
    "The free cancellation cut-off has passed",
    409,
)
COUPON_NOT_ALLOWED = ErrorCode(
    "coupon_not_allowed", "该渠道的订单不能使用优惠券", "Coupons are for tourist orders only", 409,
)
DAY_IN_PAST = ErrorCode("day_in_past", "{subject}日期已过", "Date is in the past")
DAY_TOO_FAR = ErrorCode(
    "day_too_far", "「{product_name}」最多可提前 {max_days} 天预订", "Dates are bookable up to {max_days} days ahead",
)
DAY_NOT_ALLOWED = ErrorCode("day_not_allowed", "「{product_name}」无需选择日期", "This product takes no date")
DAY_REQUIRED = ErrorCode("day_required", "{subject}需要选择日期", "{subject_en} needs a date")
EMPTY_ORDER = ErrorCode("empty_order", "订单中没有商品", "No lines")
INVALID_HOW_USED_SHIPPED = ErrorCode("how_invalid", "只能标记为已使用或已发货", "how must be used or shipped")
INVALID_TRANSITION_ORDER_CANNOT_CANCELLED = INVALID_TRANSITION.of(
    label="订单", action="取消", what="Order", action_en="be cancelled from {status}",
)
LIMIT_PER_TOURIST = ErrorCode(
    "limit_per_tourist",
    "「{product_name}」每位游客每天限购 {limit} 件（{day} 您已占用或购买 {held} 件）",
    "At most {limit} units of this product per tourist and day ({held} already held or bought for {day})",
    409,
)
NIGHTS_INVALID = ErrorCode("nights_invalid", "晚数有误：{problem}", "Invalid nights: {problem_en}")
NOT_FOUND_ORDER = NOT_FOUND.of(what="订单", what_en="Order")
NOTHING_TO_REFUND = ErrorCode("nothing_to_refund", "没有可退款的项目", "Nothing left to refund", 409)
ORDER_NOT_FOUND = NOT_FOUND_ORDER
PAY_AT_MERCHANT_NO_REFUND = ErrorCode(
    "pay_at_merchant_no_refund",
    "到店付款的订单无需退款，如需取消请在免费取消时间前操作",
    "Orders paid at the merchant have no platform refund",
    409,
)
PAY_AT_MERCHANT_NOT_ALLOWED = ErrorCode(
    "pay_at_merchant_not_allowed",
    "「{product_name}」不支持到店付款，请在线支付",
    "This product cannot be paid at the merchant",
)
QUANTITY_INVALID_OUT_RANGE = QUANTITY_INVALID.of(
    what="「{product_name}」数量", what_en="Quantity of {product_name}", max="{max_quantity}",
)
REFUND_LINES_INVALID = ErrorCode(
    "refund_lines_invalid", "退款明细有误：{problem}", "Refund lines invalid: {problem_en}",
)
REFUND_LINES_INVALID_TOTAL = REFUND_LINES_INVALID.of(
    problem="同一明细的退款数量合计超过可退数量（最多 {left} 件）",
    problem_en="the quantities asked for one line add up to more than {left}",
)
REFUND_EXCEEDS_LINE = ErrorCode(
    "refund_exceeds_line", "该退款申请的数量超过订单可退数量，无法同意，请拒绝后让顾客重新申请",
    "The request asks back more units than the line has left: reject it", 409,
)
REFUND_NOT_ALLOWED = ErrorCode("refund_not_allowed", "订单已完成，不能申请退款", "Completed order without goods", 409)
REFUND_NOT_OPEN = ErrorCode("refund_not_open", "退款申请不存在或已处理", "No open refund request", 409)
RETURN_WINDOW_CLOSED = ErrorCode(
    "return_window_closed", "已超过 {days} 天退货期限", "The return window has closed", 409,
)
SESSION_INVALID_PICK_ONE_SESSIONS = SESSION_INVALID.of(
    problem="「{product_name}」请选择场次：{sessions}", problem_en="pick one of the sessions",
)
SESSION_INVALID_PRODUCT_HAS_NO = SESSION_INVALID.of(
    problem="「{product_name}」该产品没有场次", problem_en="this product has no sessions",
)
TOO_LATE_TO_BOOK = ErrorCode(
    "too_late_to_book", "「{product_name}」需提前 {advance} 小时预订", "Book at least {advance} hours ahead",
)
NIGHTS_INVALID_ONLY_ROOMS_TAKE = NIGHTS_INVALID.of(
    problem="「{product_name}」只有客房可以选择晚数", problem_en="only rooms take nights",
)
DAY_IN_PAST_LINE = DAY_IN_PAST.of(subject="「{product_name}」")
DAY_REQUIRED_LINE = DAY_REQUIRED.of(subject="「{product_name}」", subject_en="{product_name}")
NIGHTS_INVALID_OUT_RANGE = NIGHTS_INVALID.of(
    problem="「{product_name}」入住晚数需在 1 到 {max_nights} 之间", problem_en="nights must be 1..{max_nights}",
)
REFUND_LINES_INVALID_LINE = REFUND_LINES_INVALID.of(
    problem="明细或数量不正确", problem_en="unknown line or bad quantity",
)
