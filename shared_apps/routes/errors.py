"""The errors of routes: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import INVALID_TRANSITION as INVALID_TRANSITION
from shared_apps.core.failures import MERCHANT_NOT_FOUND as MERCHANT_NOT_FOUND
from shared_apps.core.failures import QUANTITY_INVALID as QUANTITY_INVALID
from shared_apps.core.failures import ErrorCode
from shared_apps.distribution.errors import BOOKING_EXPIRED as BOOKING_EXPIRED
from shared_apps.distribution.errors import BOOKING_NOT_FOUND as BOOKING_NOT_FOUND
from shared_apps.distribution.errors import IDEMPOTENCY_KEY_REQUIRED as IDEMPOTENCY_KEY_REQUIRED
from shared_apps.distribution.errors import PRODUCT_NOT_FOUND as PRODUCT_NOT_FOUND
from shared_apps.distribution.errors import RANGE_INVALID_DATE_TOO_LONG as RANGE_INVALID_DATE_TOO_LONG
from shared_apps.distribution.errors import SUPPLIER_NOT_AUTHORISED as SUPPLIER_NOT_AUTHORISED
from tenant_apps.inventory.errors import SESSION_INVALID as SESSION_INVALID
from tenant_apps.orders.errors import DAY_REQUIRED as DAY_REQUIRED
from tenant_apps.orders.errors import NIGHTS_INVALID as NIGHTS_INVALID

CODE_INVALID = ErrorCode("code_invalid", "编码只能包含小写字母、数字和连字符（2-40 位）", "Code: a-z, 0-9, '-', 2..40")
CODE_TAKEN = ErrorCode("code_taken", "该编码已被使用", "Code already taken", 409)
COMPONENT_EXISTS = ErrorCode("component_exists", "该商品已在同一行程日中", "This product is already on that day", 409)
COMPONENT_NOT_FOUND = ErrorCode("component_not_found", "组件不存在", "Component not found", 404)
COMPONENTS_REQUIRED = ErrorCode(
    "components_required", "至少需要 2 个组件才能发布", "At least two components are required",
)
DAY_OFFSET_INVALID = ErrorCode("day_offset_invalid", "行程日有误：{problem}", "Invalid day offset: {problem_en}")
DAY_REQUIRED_START = DAY_REQUIRED.of(subject="线路", subject_en="The route")
DAYS_INVALID = ErrorCode("days_invalid", "行程天数需在 1 到 {max_days} 之间", "Days out of range")
INVALID_TRANSITION_ROUTE_BOOKING_CANNOT = INVALID_TRANSITION.of(
    label="", action="取消", what="Route booking", action_en="be cancelled from {status}",
)
KIND_INVALID_ROUTE_BUNDLE = ErrorCode("route_kind_invalid", "类型无效（route 或 bundle）", "Kind is route or bundle")
MERCHANT_INACTIVE = ErrorCode(
    "merchant_inactive", "商户「{merchant_name}」已停业", "A component's merchant is inactive", 409,
)
MERCHANT_NOT_FOUND_INACTIVE = MERCHANT_NOT_FOUND
NAME_REQUIRED_ROUTE = ErrorCode("route_name_required", "请填写名称", "Name is required")
NIGHTS_INVALID_ONLY_ROOMS_TAKE = NIGHTS_INVALID.of(problem="只有客房可以选择晚数", problem_en="only rooms take nights")
NIGHTS_INVALID_OUT_RANGE = NIGHTS_INVALID.of(
    problem="入住晚数需在 1 到 {max_nights} 之间", problem_en="nights must be 1..{max_nights}",
)
PRODUCT_NOT_FOUND_COMPONENT_OFF_SHELF = ErrorCode(
    "component_off_shelf", "「{product_name}」已下架", "A component is off shelf", 409,
)
PRODUCT_NOT_FOUND_OFF_SHELF = PRODUCT_NOT_FOUND.of(why="未上架", why_en="not on shelf")
QUANTITY_INVALID_OUT_RANGE = QUANTITY_INVALID.of(what="每人数量", what_en="Quantity per person", max="{max_quantity}")
QUANTITY_INVALID_PERSONS_OUT_RANGE = QUANTITY_INVALID.of(what="人数", what_en="Persons", max="{max_persons}")
ROUTE_LEG_NOT_CANCELLABLE = ErrorCode(
    "route_leg_not_cancellable",
    "以下行程不能取消，整条线路未取消：{names}",
    "A leg of the route cannot be cancelled: nothing was cancelled",
    409,
)
ROUTE_NOT_FOUND = ErrorCode("route_not_found", "线路不存在{hint}", "Route not found{hint_en}", 404)
ROUTE_PUBLISHED = ErrorCode(
    "route_published", "已发布的线路不能修改{what}，请先下架", "Withdraw the route to change its {what_en}", 409,
)
SESSION_INVALID_PICK_ONE_SESSIONS = SESSION_INVALID.of(
    problem="「{name}」请选择场次：{sessions}", problem_en="pick one of the sessions",
)
SESSION_INVALID_PRODUCT_HAS_NO = SESSION_INVALID.of(
    problem="「{name}」没有场次", problem_en="this product has no sessions",
)
SUPPLIER_NOT_AUTHORISED_KEY_MAY_REACH = SUPPLIER_NOT_AUTHORISED.of(
    what="线路中的供应商", what_en="every supplier of the route",
)
TOO_MANY_COMPONENTS = ErrorCode("too_many_components", "最多 {max_components} 个组件", "Too many components")
DAY_OFFSET_INVALID_BEYOND_ITINERARY = DAY_OFFSET_INVALID.of(
    problem="行程日需在第 1 到第 {days} 天之间", problem_en="day offsets are 1..{days}",
)
DAY_OFFSET_INVALID_COMPONENTS_BEYOND_LAST = DAY_OFFSET_INVALID.of(
    problem="有组件的行程日超出天数：{days}", problem_en="components beyond the last day",
)
ROUTE_NOT_FOUND_PLAIN = ROUTE_NOT_FOUND.of(hint="", hint_en="")
ROUTE_NOT_FOUND_UNAUTHORISED = ROUTE_NOT_FOUND.of(hint="或未授权分销", hint_en=" or not for distribution")
ROUTE_NOT_FOUND_UNPUBLISHED = ROUTE_NOT_FOUND.of(hint="或未发布", hint_en=" or not published")
ROUTE_PUBLISHED_WITHDRAW_CHANGE_IT = ROUTE_PUBLISHED.of(what="行程", what_en="itinerary")

# Not an entry: the prefix a leg's error gets in a route booking ("第 2 天「索道」：余量不足").
LEG_CONTEXT = "第 {day} 天「{product_name}」："
DAY_OFFSET_INVALID_BUNDLE = DAY_OFFSET_INVALID.of(
    problem="组合产品没有行程日", problem_en="bundles have no day offsets",
)
ROUTE_NOT_FOUND_UNSELLABLE = ROUTE_NOT_FOUND.of(hint="或暂不可售", hint_en=" or not sellable now")
ROUTE_PUBLISHED_COMPONENTS = ROUTE_PUBLISHED.of(what="组件", what_en="components")
