"""The errors of catalog: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import DATE_INVALID as DATE_INVALID
from shared_apps.core.failures import INVALID as INVALID
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import NOT_FOUND_PRODUCT as NOT_FOUND_PRODUCT
from shared_apps.core.failures import RANGE_INVALID as RANGE_INVALID
from shared_apps.core.failures import RANGE_TOO_LONG as RANGE_TOO_LONG
from shared_apps.core.failures import ErrorCode

ATTRIBUTES_INVALID = ErrorCode("attributes_invalid", "商品属性有误", "Invalid product attributes")
CHANNEL_INVALID = ErrorCode("channel_invalid", "价格渠道无效", "Unknown price channel")
FACILITIES_NOT_ALLOWED = ErrorCode("facilities_not_allowed", "只有房型可以设置设施", "Only room types have facilities")
FACILITY_EXISTS = ErrorCode("facility_exists", "设施已存在", "Facility already exists", 409)
FACILITY_NOT_FOUND = ErrorCode("facility_not_found", "设施不存在", "Unknown facility")
FIELD_NOT_EDITABLE = ErrorCode("field_not_editable", "请通过上下架接口修改上架状态", "Use the shelf endpoint")
INVALID_FACILITY_NAME_REQUIRED = ErrorCode("facility_name_required", "设施名称不能为空", "Facility name required")
INVENTORY_MODE_INVALID = ErrorCode("inventory_mode_invalid", "库存模式无效", "Unknown inventory mode")
KIND_IMMUTABLE = ErrorCode("kind_immutable", "商品类型创建后不能修改", "Product kind cannot change")
KIND_INVALID = ErrorCode("kind_invalid", "商品类型无效", "Unknown product kind")
MAX_PER_TOURIST_INVALID = ErrorCode(
    "max_per_tourist_invalid", "每位游客限购数量需为 1 到 {ceiling} 之间的整数，留空则按平台默认",
    "The per-tourist cap is 1 to {ceiling} units, or empty for the platform default",
)
NOT_A_PACKAGE = ErrorCode("not_a_package", "只有套票可以设置组成商品", "Only packages have items")
NOT_FOUND_PRICE_POLICY = NOT_FOUND.of(what="价格策略", what_en="Price policy")
NOT_FOUND_PRODUCT_ON_SHELF = NOT_FOUND_PRODUCT
PACKAGE_INCOMPLETE = ErrorCode(
    "package_incomplete", "套票没有组成商品，或有组成商品未上架", "Package has no items or an item is off shelf", 409,
)
PACKAGE_ITEMS_INVALID = ErrorCode(
    "package_items_invalid", "组成商品有误：{problem}", "Invalid package items: {problem_en}",
)
POLICY_INVALID = ErrorCode("policy_invalid", "价格策略有误：{problem}", "Invalid price policy: {problem_en}")
PRICE_INVALID = ErrorCode("price_invalid", "价格必须是不小于0的整数（分）", "Price must be non-negative fen")
PRICE_ZERO_NOT_ALLOWED = ErrorCode(
    "price_zero_not_allowed", "只有门票可以免费（价格为 0），{kind_label}的价格至少 1 分",
    "Only tickets may be free: a {kind} costs at least 1 fen",
)
PRODUCT_INVALID = ErrorCode("product_invalid", "只能关联特产商品", "Only goods products")
SESSIONS_INVALID = ErrorCode("sessions_invalid", "场次设置有误：{problem}", "Invalid sessions: {problem_en}")
RANGE_TOO_LONG_DATE_LONGER_THAN = RANGE_TOO_LONG.of(max_days="{max_calendar_days}")
ATTRIBUTES_INVALID_PRODUCT = ATTRIBUTES_INVALID
FIELD_NOT_EDITABLE_UNKNOWN = ErrorCode("fields_not_editable", "包含不可修改的字段", "Unknown or read-only fields")
PACKAGE_ITEMS_INVALID_CANNOT_CONTAIN = PACKAGE_ITEMS_INVALID.of(
    problem="套票不能包含套票", problem_en="a package cannot contain a package",
)
PACKAGE_ITEMS_INVALID_DUPLICATE_COMPONENT = PACKAGE_ITEMS_INVALID.of(
    problem="组成商品不能重复", problem_en="duplicate component",
)
PACKAGE_ITEMS_INVALID_QUANTITY = PACKAGE_ITEMS_INVALID.of(
    problem="数量必须是不小于1的整数", problem_en="quantity must be >= 1",
)
POLICY_INVALID_END_DATE_BEFORE = POLICY_INVALID.of(
    problem="结束日期不能早于开始日期", problem_en="end date before start date",
)
SESSIONS_INVALID_LIST = SESSIONS_INVALID.of(
    problem="场次必须是不超过{max_sessions}项的列表", problem_en="at most {max_sessions} sessions in a list",
)
SESSIONS_INVALID_DUPLICATE = SESSIONS_INVALID.of(problem="场次不能重复", problem_en="duplicate session")
SESSIONS_INVALID_FORMAT = SESSIONS_INVALID.of(
    problem="场次“{label}”格式应为 HH:MM-HH:MM 且开始早于结束", problem_en="a session is HH:MM-HH:MM",
)
PACKAGE_ITEMS_INVALID_UNKNOWN = PACKAGE_ITEMS_INVALID.of(problem="组成商品不存在", problem_en="unknown component")
POLICY_INVALID_WEEKDAYS = POLICY_INVALID.of(
    problem="星期必须是0（周一）到6（周日）之间不重复的整数",
    problem_en="weekdays must be distinct integers 0 (Mon) to 6 (Sun)",
)
SESSIONS_INVALID_UNDATED = SESSIONS_INVALID.of(
    problem="只有按日期库存的商品可以设置场次", problem_en="sessions need dated inventory",
)
