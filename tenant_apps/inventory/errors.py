"""The errors of inventory: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import NOT_FOUND_PRODUCT as NOT_FOUND_PRODUCT
from shared_apps.core.failures import RANGE_TOO_LONG as RANGE_TOO_LONG
from shared_apps.core.failures import ErrorCode

CAPACITY_BELOW_SOLD = ErrorCode(
    "capacity_below_sold", "新库存不能少于已售与占用之和", "Capacity below sold + held", 409,
)
CAPACITY_INVALID = ErrorCode("capacity_invalid", "库存数量需在 0 到 1000000 之间", "Capacity must be 0..1000000")
INVENTORY_MISMATCH = ErrorCode(
    "inventory_mismatch", "库存数据不一致", "Sold count lower than the returned quantity", 409,
)
INVENTORY_NOT_TRACKED = ErrorCode("inventory_not_tracked", "该商品不限库存", "This product has no inventory", 409)
NOT_ON_SALE = ErrorCode(
    "not_on_sale", "「{product_name}」{when} 未开售", "{product_name} is not on sale for {when}", 409,
)
RANGE_REQUIRED = ErrorCode("range_required", "请提供有效的开始和结束日期", "start <= end required")
RANGE_TOO_LONG_DAYS = RANGE_TOO_LONG
SESSION_INVALID = ErrorCode("session_invalid", "场次有误：{problem}", "Invalid session: {problem_en}")
SOLD_OUT = ErrorCode(
    "sold_out", "「{product_name}」{day} {session} 余量不足", "Not enough left for {product_name}", 409,
)
SESSION_INVALID_UNKNOWN = SESSION_INVALID.of(problem="场次不属于该产品", problem_en="unknown session")
