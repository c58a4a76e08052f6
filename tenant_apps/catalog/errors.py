"""The errors of catalog: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import DATE_INVALID_PARAM as DATE_INVALID_PARAM
from shared_apps.core.failures import INVALID as INVALID
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import NOT_FOUND_PRODUCT as NOT_FOUND_PRODUCT
from shared_apps.core.failures import RANGE_INVALID as RANGE_INVALID
from shared_apps.core.failures import RANGE_TOO_LONG as RANGE_TOO_LONG
from shared_apps.core.failures import ErrorCode

ATTRIBUTES_INVALID = ErrorCode("attributes_invalid", "商品属性必须是对象", "Attributes must be an object")
CHANNEL_INVALID = ErrorCode("channel_invalid", "价格渠道无效", "Unknown price channel")
FACILITIES_NOT_ALLOWED = ErrorCode("facilities_not_allowed", "只有房型可以设置设施", "Only room types have facilities")
FACILITY_EXISTS = ErrorCode("facility_exists", "设施已存在", "Facility already exists", 409)
FACILITY_NOT_FOUND = ErrorCode("facility_not_found", "设施不存在", "Unknown facility")
FIELD_NOT_EDITABLE = ErrorCode("field_not_editable", "请通过上下架接口修改上架状态", "Use the shelf endpoint")
INVALID_FACILITY_NAME_REQUIRED = INVALID.variant("设施名称不能为空", "Facility name required")
INVENTORY_MODE_INVALID = ErrorCode("inventory_mode_invalid", "库存模式无效", "Unknown inventory mode")
KIND_IMMUTABLE = ErrorCode("kind_immutable", "商品类型创建后不能修改", "Product kind cannot change")
KIND_INVALID = ErrorCode("kind_invalid", "商品类型无效", "Unknown product kind")
MAX_PER_TOURIST_INVALID = ErrorCode(
    "max_per_tourist_invalid", "每位游客限购数量需为 1 到 {ceiling} 之间的整数，留空则按平台默认",
    "The per-tourist cap is 1 to {ceiling} units, or empty for the platform default",
)
NOT_A_PACKAGE = ErrorCode("not_a_package", "只有套票可以设置组成商品", "Only packages have items")
NOT_FOUND_PRICE_POLICY = NOT_FOUND.variant("价格策略不存在", "Price policy not found")
NOT_FOUND_PRODUCT_ON_SHELF = NOT_FOUND.variant("商品不存在或已下架", "Product not found")
PACKAGE_INCOMPLETE = ErrorCode(
    "package_incomplete", "套票没有组成商品，或有组成商品未上架", "Package has no items or an item is off shelf", 409,
)
PACKAGE_ITEMS_INVALID = ErrorCode("package_items_invalid", "组成商品不存在", "Unknown component")
POLICY_INVALID = ErrorCode(
    "policy_invalid",
    "星期必须是0（周一）到6（周日）之间不重复的整数",
    "Weekdays must be distinct integers 0 (Mon) to 6 (Sun)",
)
PRICE_INVALID = ErrorCode("price_invalid", "价格必须是不小于0的整数（分）", "Price must be non-negative fen")
PRICE_ZERO_NOT_ALLOWED = ErrorCode(
    "price_zero_not_allowed", "只有门票可以免费（价格为 0），{kind_label}的价格至少 1 分",
    "Only tickets may be free: a {kind} costs at least 1 fen",
)
PRODUCT_INVALID = ErrorCode("product_invalid", "只能关联特产商品", "Only goods products")
SESSIONS_INVALID = ErrorCode("sessions_invalid", "只有按日期库存的商品可以设置场次", "Sessions need dated inventory")
RANGE_TOO_LONG_DATE_LONGER_THAN = RANGE_TOO_LONG.variant(
    "日期范围最长{max_calendar_days}天", "Date range longer than {max_calendar_days} days",
)
ATTRIBUTES_INVALID_PRODUCT = ATTRIBUTES_INVALID.variant("商品属性有误", "Invalid product attributes")
FIELD_NOT_EDITABLE_UNKNOWN = FIELD_NOT_EDITABLE.variant("包含不可修改的字段", "Field not editable")
PACKAGE_ITEMS_INVALID_CANNOT_CONTAIN = PACKAGE_ITEMS_INVALID.variant(
    "套票不能包含套票", "A package cannot contain a package",
)
PACKAGE_ITEMS_INVALID_DUPLICATE_COMPONENT = PACKAGE_ITEMS_INVALID.variant("组成商品不能重复", "Duplicate component")
PACKAGE_ITEMS_INVALID_QUANTITY = PACKAGE_ITEMS_INVALID.variant("数量必须是不小于1的整数", "Quantity must be >= 1")
POLICY_INVALID_END_DATE_BEFORE = POLICY_INVALID.variant("结束日期不能早于开始日期", "End date before start date")
SESSIONS_INVALID_LIST = SESSIONS_INVALID.variant("场次必须是不超过{max_sessions}项的列表",
                                                 "Sessions must be a short list")
SESSIONS_INVALID_DUPLICATE = SESSIONS_INVALID.variant("场次不能重复", "Duplicate session")
SESSIONS_INVALID_FORMAT = SESSIONS_INVALID.variant("场次“{label}”格式应为 HH:MM-HH:MM 且开始早于结束",
                                                   "Session must be HH:MM-HH:MM")
