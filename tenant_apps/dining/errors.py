"""The errors of dining: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import AMOUNT_INVALID as AMOUNT_INVALID
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import QUANTITY_INVALID as QUANTITY_INVALID
from shared_apps.core.failures import RANGE_INVALID as RANGE_INVALID
from shared_apps.core.failures import TICKET_NOT_FOUND as TICKET_NOT_FOUND
from shared_apps.core.failures import ErrorCode
from tenant_apps.hotel.errors import METHOD_INVALID as METHOD_INVALID
from tenant_apps.orders.errors import ORDER_NOT_FOUND as ORDER_NOT_FOUND
from tenant_apps.promotions.errors import PRODUCT_UNAVAILABLE as PRODUCT_UNAVAILABLE

AMOUNT_INVALID_NEGATIVE = AMOUNT_INVALID.variant("金额不能为负", "Amount must be >= 0")
BILL_ALREADY_PAID = ErrorCode("bill_already_paid", "该菜品已结账，不能退菜，请走退款", "Already paid for", 409)
BILL_NOT_FOUND = ErrorCode("bill_not_found", "账单不存在", "Bill not found", 404)
BILL_UNSETTLED = ErrorCode("bill_unsettled", "账单还有 {balance_yuan:.2f} 元未结", "Settle the bill first", 409)
LINES_INVALID = ErrorCode("lines_invalid", "请点 1 到 {max_lines} 道菜", "Between 1 and 50 lines")
METHOD_INVALID_DECLARE_CASH_CARD = METHOD_INVALID.variant(
    "只需申报现金、银行卡、扫码的实收金额", "Declare cash, card or scan",
)
METHOD_INVALID_DESK_METHODS_CASH = METHOD_INVALID.variant(
    "收银方式：现金、银行卡或扫码", "Desk methods: cash, card, scan",
)
NOT_FOUND_BILL = NOT_FOUND.variant("账单不存在", "Not found")
NOT_FOUND_SITTING = NOT_FOUND.variant("就餐记录不存在", "Not found")
NOT_FOUND_TABLE = NOT_FOUND.variant("桌台不存在", "Not found")
ORDER_NOT_FOUND_NO_DISH = ORDER_NOT_FOUND.variant("订单不存在或不含菜品", "No dish order")
PRODUCT_UNAVAILABLE_DISH_OFF_SHELF = PRODUCT_UNAVAILABLE.variant("菜品不存在或已下架", "Dish not found or off shelf")
QUANTITY_INVALID_OUT_RANGE = QUANTITY_INVALID.variant("数量需在 1 到 {max_quantity} 之间", "Quantity out of range")
RANGE_INVALID_BAD_DATE = RANGE_INVALID.variant("日期范围需在 92 天以内且结束不早于开始", "Bad date range")
SITTING_CLOSED = ErrorCode("sitting_closed", "该桌已结束就餐，请重新开台", "Sitting is closed", 409)
SITTING_NOT_FOUND = ErrorCode("sitting_not_found", "就餐记录不存在", "Sitting not found", 404)
TABLE_EXISTS = ErrorCode("table_exists", "桌台 {name} 已存在", "Table name exists", 409)
TABLE_INACTIVE = ErrorCode("table_inactive", "桌台已停用", "Table is not active", 409)
TABLE_INVALID = ErrorCode("table_invalid", "座位数至少为 1，最低消费不能为负", "Seats >= 1, min spend >= 0")
TABLE_NAME_REQUIRED = ErrorCode("table_name_required", "请填写桌台名称", "Table name required")
TABLE_NOT_FOUND = ErrorCode("table_not_found", "桌台不存在", "Table not found", 404)
TICKET_NOT_FOUND_KITCHEN = TICKET_NOT_FOUND.variant("出菜单不存在", "Kitchen ticket not found")
TABLE_NOT_FOUND_UNKNOWN_ROTATED_CODE = TABLE_NOT_FOUND.variant(
    "桌码无效或已更换，请扫描桌上最新的二维码", "Unknown or rotated table code",
)
