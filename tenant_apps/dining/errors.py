"""The errors of dining: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import AMOUNT_INVALID as AMOUNT_INVALID
from shared_apps.core.failures import DATE_RANGE_INVALID as DATE_RANGE_INVALID
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import QUANTITY_INVALID as QUANTITY_INVALID
from shared_apps.core.failures import ErrorCode
from tenant_apps.hotel.errors import METHOD_INVALID as METHOD_INVALID
from tenant_apps.orders.errors import ORDER_NOT_FOUND as ORDER_NOT_FOUND
from tenant_apps.promotions.errors import PRODUCT_UNAVAILABLE as PRODUCT_UNAVAILABLE

AMOUNT_INVALID_NEGATIVE = AMOUNT_INVALID.of(problem="金额不能为负", problem_en="must be >= 0")
BILL_ALREADY_PAID = ErrorCode("bill_already_paid", "该菜品已结账，不能退菜，请走退款", "Already paid for", 409)
BILL_NOT_FOUND = ErrorCode("bill_not_found", "账单不存在", "Bill not found", 404)
BILL_UNSETTLED = ErrorCode("bill_unsettled", "账单还有 {balance_yuan:.2f} 元未结", "Settle the bill first", 409)
LINES_INVALID = ErrorCode("lines_invalid", "请点 1 到 {max_lines} 道菜", "Between 1 and 50 lines")
METHOD_INVALID_DECLARE_CASH_CARD = METHOD_INVALID.of(
    problem="只需申报现金、银行卡、扫码的实收金额", problem_en="declare cash, card or scan",
)
METHOD_INVALID_DESK_METHODS_CASH = METHOD_INVALID.of(
    problem="收银方式：现金、银行卡或扫码", problem_en="desk methods: cash, card, scan",
)
ORDER_NOT_FOUND_NO_DISH = ErrorCode("dish_order_not_found", "订单不存在或不含菜品", "No dish order", 404)
PRODUCT_UNAVAILABLE_DISH_OFF_SHELF = PRODUCT_UNAVAILABLE.of(what="菜品", what_en="Dish")
QUANTITY_INVALID_OUT_RANGE = QUANTITY_INVALID.of(what="数量", what_en="Quantity", max="{max_quantity}")
RANGE_INVALID_BAD_DATE = DATE_RANGE_INVALID.of(max_days=92)
SITTING_CLOSED = ErrorCode("sitting_closed", "该桌已结束就餐，请重新开台", "Sitting is closed", 409)
SITTING_NOT_FOUND = ErrorCode("sitting_not_found", "就餐记录不存在", "Sitting not found", 404)
TABLE_EXISTS = ErrorCode("table_exists", "桌台 {name} 已存在", "Table name exists", 409)
TABLE_INACTIVE = ErrorCode("table_inactive", "桌台已停用", "Table is not active", 409)
TABLE_INVALID = ErrorCode("table_invalid", "座位数至少为 1，最低消费不能为负", "Seats >= 1, min spend >= 0")
TABLE_NAME_REQUIRED = ErrorCode("table_name_required", "请填写桌台名称", "Table name required")
TABLE_NOT_FOUND = ErrorCode("table_not_found", "桌台不存在{hint}", "Table not found{hint_en}", 404)
TICKET_NOT_FOUND_KITCHEN = NOT_FOUND.of(what="出菜单", what_en="Kitchen ticket")
TABLE_NOT_FOUND_UNKNOWN_ROTATED_CODE = TABLE_NOT_FOUND.of(
    hint="：桌码无效或已更换，请扫描桌上最新的二维码", hint_en=": unknown or rotated table code",
)
TABLE_NOT_FOUND_BY_ID = TABLE_NOT_FOUND.of(hint="", hint_en="")

# The views' names for the same entries.
NOT_FOUND_BILL = BILL_NOT_FOUND
NOT_FOUND_SITTING = SITTING_NOT_FOUND
NOT_FOUND_TABLE = TABLE_NOT_FOUND_BY_ID
