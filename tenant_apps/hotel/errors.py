"""The errors of hotel: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import AMOUNT_INVALID as AMOUNT_INVALID
from shared_apps.core.failures import INVALID_TRANSITION as INVALID_TRANSITION
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import ErrorCode
from tenant_apps.orders.errors import DAY_IN_PAST as DAY_IN_PAST
from tenant_apps.orders.errors import NIGHTS_INVALID as NIGHTS_INVALID
from tenant_apps.promotions.errors import NOTHING_TO_PAY as NOTHING_TO_PAY

AMOUNT_INVALID_ABOVE_DUE = AMOUNT_INVALID.variant("收款金额需大于 0 且不超过待付金额", "Amount out of range")
AMOUNT_INVALID_OUT_RANGE = AMOUNT_INVALID.variant("金额需大于 0 且不超过 10 万元", "Amount out of range")
AMOUNT_INVALID_POSITIVE = AMOUNT_INVALID.variant("收款金额必须大于 0", "Amount must be positive")
AMOUNT_INVALID_POSITIVE_MOST_BALANCE = AMOUNT_INVALID.variant(
    "收款金额需在 0.01 到 {balance_yuan:.2f} 元之间", "Amount must be positive and at most the balance",
)
CHARGE_KIND_INVALID = ErrorCode("charge_kind_invalid", "消费类型无效", "Unknown charge kind")
DAY_IN_PAST_DATE = DAY_IN_PAST.variant("日期已过", "Date is in the past")
FOLIO_NOT_FOUND = ErrorCode("folio_not_found", "账单不存在", "Folio not found", 404)
FOLIO_UNSETTLED = ErrorCode("folio_unsettled", "还有 {balance_yuan:.2f} 元消费未结清", "Settle the folio first", 409)
HOLD_NOT_FOUND = ErrorCode("hold_not_found", "预留不存在", "Hold not found", 404)
INVALID_TRANSITION_ONLY_BOOKED_STAYS = INVALID_TRANSITION.variant("只有待入住的入住单可以取消分房", "Only booked stays")
INVALID_TRANSITION_STAY_OPEN = INVALID_TRANSITION.variant("该入住单不能分配房间", "Stay is not open")
METHOD_INVALID = ErrorCode("method_invalid", "收款方式无效", "Unknown payment method")
NIGHTS_INVALID_OUT_RANGE = NIGHTS_INVALID.variant("预留晚数需在 1 到 {max_hold_nights} 之间", "Nights out of range")
NO_ROOM_FREE = ErrorCode("no_room_free", "该房型在所选日期没有空闲房间", "No free room of this type", 409)
NOT_ARRIVAL_DAY = ErrorCode(
    "not_arrival_day",
    "入住日期为 {arrival}，离店日期为 {departure}",
    "Check-in only between arrival and departure day",
    409,
)
NOT_FOUND_FOLIO = NOT_FOUND.variant("账单不存在", "Folio not found")
NOT_FOUND_STAY = NOT_FOUND.variant("入住单不存在", "Stay not found")
NOTHING_TO_PAY_FOLIO = NOTHING_TO_PAY.variant("账单没有待付金额", "Nothing to pay")
QR_EXPIRED = ErrorCode("qr_expired", "收款码已过期，请让商户重新生成", "Payment QR code expired")
QR_INVALID = ErrorCode("qr_invalid", "收款码无效", "Invalid payment QR code")
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
METHOD_INVALID_DESK_METHODS_CASH = METHOD_INVALID.variant(
    "前台结账方式：现金、银行卡或扫码", "Desk methods: cash, card, scan",
)
NOT_ARRIVAL_DAY_REACHED = NOT_ARRIVAL_DAY.variant("入住日期未到，不能标记未到店", "Arrival day not reached")
ROOM_UNAVAILABLE_OUT_ORDER = ROOM_UNAVAILABLE.variant("房间维修中，请换房", "Room is out of order")
