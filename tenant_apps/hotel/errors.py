"""The errors of hotel: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import AMOUNT_INVALID as AMOUNT_INVALID
from shared_apps.core.failures import INVALID_TRANSITION as INVALID_TRANSITION
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import ErrorCode
from tenant_apps.orders.errors import DAY_IN_PAST as DAY_IN_PAST
from tenant_apps.orders.errors import NIGHTS_INVALID as NIGHTS_INVALID
from tenant_apps.promotions.errors import NOTHING_TO_PAY_DUE as NOTHING_TO_PAY_DUE

AMOUNT_INVALID_ABOVE_DUE = AMOUNT_INVALID.of(
    problem="收款金额需大于 0 且不超过待付金额", problem_en="must be positive and at most the amount due",
)
AMOUNT_INVALID_OUT_RANGE = AMOUNT_INVALID.of(
    problem="金额需大于 0 且不超过 10 万元", problem_en="must be 0.01..100000 yuan",
)
AMOUNT_INVALID_POSITIVE = AMOUNT_INVALID.of(problem="收款金额必须大于 0", problem_en="must be positive")
AMOUNT_INVALID_POSITIVE_MOST_BALANCE = AMOUNT_INVALID.of(
    problem="收款金额需在 0.01 到 {balance_yuan:.2f} 元之间", problem_en="must be positive and at most the balance",
)
CHARGE_KIND_INVALID = ErrorCode("charge_kind_invalid", "消费类型无效", "Unknown charge kind")
DAY_IN_PAST_DATE = DAY_IN_PAST.of(subject="")
FOLIO_NOT_FOUND = ErrorCode("folio_not_found", "房账不存在", "Folio not found", 404)
FOLIO_UNSETTLED = ErrorCode("folio_unsettled", "还有 {balance_yuan:.2f} 元消费未结清", "Settle the folio first", 409)
HOLD_NOT_FOUND = ErrorCode("hold_not_found", "预留不存在", "Hold not found", 404)
INVALID_TRANSITION_ONLY_BOOKED_STAYS = INVALID_TRANSITION.of(
    label="入住单", what="Stay", action="取消分房", action_en="have its room unassigned",
)
INVALID_TRANSITION_STAY_OPEN = INVALID_TRANSITION.of(
    label="入住单", what="Stay", action="分配房间", action_en="be assigned a room",
)
METHOD_INVALID = ErrorCode("method_invalid", "收款方式无效：{problem}", "Unknown payment method: {problem_en}")
NIGHTS_INVALID_OUT_RANGE = ErrorCode(
    "hold_nights_invalid", "预留晚数需在 1 到 {max_hold_nights} 之间", "Hold nights must be 1..{max_hold_nights}",
)
NO_ROOM_FREE = ErrorCode("no_room_free", "该房型在所选日期没有空闲房间", "No free room of this type", 409)
NOT_ARRIVAL_DAY = ErrorCode("not_arrival_day", "日期不符：{problem}", "Wrong day: {problem_en}", 409)
QR_EXPIRED = ErrorCode("qr_expired", "收款码已过期，请让商户重新生成", "Payment QR code expired")
QR_INVALID = ErrorCode("qr_invalid", "二维码无效：{problem}", "Invalid QR code: {problem_en}")
REFERENCE_REUSED = ErrorCode("reference_reused", "支付流水号已用于其他收款", "Payment reference reused", 409)
ROOM_EXISTS = ErrorCode("room_exists", "房号 {number} 已存在", "Room number exists", 409)
ROOM_NOT_FOUND = ErrorCode("room_not_found", "房间不存在", "Room not found", 404)
ROOM_NUMBER_REQUIRED = ErrorCode("room_number_required", "请填写房号", "Room number required")
ROOM_STATUS_INVALID = ErrorCode("room_status_invalid", "房间状态无效", "Unknown room status")
ROOM_TAKEN = ErrorCode(
    "room_taken", "房间 {room_number} 在所选日期已被占用", "Room already taken for those nights", 409,
)
ROOM_TYPE_INVALID = ErrorCode("room_type_invalid", "房型不存在（须为客房类商品）", "Room type must be a room product")
ROOM_TYPE_MISMATCH = ErrorCode("room_type_mismatch", "房间的房型与预订不符", "Room is of another room type", 409)
ROOM_UNAVAILABLE = ErrorCode("room_unavailable", "房间 {room_number} 停用或维修中", "Room is out of order", 409)
STAY_NOT_FOUND = ErrorCode("stay_not_found", "入住单不存在", "Stay not found", 404)
METHOD_INVALID_DESK_METHODS_CASH = METHOD_INVALID.of(
    problem="前台结账方式：现金、银行卡或扫码", problem_en="desk methods: cash, card, scan",
)
NOT_ARRIVAL_DAY_REACHED = NOT_ARRIVAL_DAY.of(
    problem="入住日期未到，不能标记未到店", problem_en="arrival day not reached",
)
ROOM_UNAVAILABLE_OUT_ORDER = ErrorCode(
    "room_out_of_order", "房间维修中，请换房", "Room is out of order: move the guest", 409,
)
METHOD_INVALID_UNKNOWN = METHOD_INVALID.of(problem="不支持该收款方式", problem_en="not taken here")
NOT_ARRIVAL_DAY_CHECK_IN = NOT_ARRIVAL_DAY.of(
    problem="入住日期为 {arrival}，离店日期为 {departure}",
    problem_en="check-in only between arrival and departure day",
)

# The views' names for the same entries.
NOT_FOUND_FOLIO = FOLIO_NOT_FOUND
NOT_FOUND_STAY = STAY_NOT_FOUND
NOTHING_TO_PAY_FOLIO = NOTHING_TO_PAY_DUE
QR_INVALID_PAYMENT = QR_INVALID.of(problem="不是有效的收款码", problem_en="not a payment QR code")
