"""The errors of tickets: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import RANGE_INVALID as RANGE_INVALID
from shared_apps.core.failures import RANGE_TOO_LONG as RANGE_TOO_LONG
from shared_apps.core.failures import TICKET_NOT_FOUND as TICKET_NOT_FOUND
from shared_apps.core.failures import TOO_MANY as TOO_MANY
from shared_apps.core.failures import ErrorCode
from tenant_apps.catalog.errors import FIELD_NOT_EDITABLE as FIELD_NOT_EDITABLE
from tenant_apps.hotel.errors import QR_INVALID as QR_INVALID

ALREADY_USED_HERE = ErrorCode(
    "already_used_here", "该联票已在本景区核销过", "This joint ticket was already used here", 409,
)
FIELD_NOT_EDITABLE_UNKNOWN_FIELDS = FIELD_NOT_EDITABLE.variant("包含不可修改的字段", "Unknown fields")
FILE_TOO_LARGE = ErrorCode("file_too_large", "{label}不能超过 {limit_mb}MB", "{kind} too large")
FILE_TYPE_INVALID = ErrorCode("file_type_invalid", "{label}格式不支持（{types}）", "Unsupported {kind} type")
NOT_FOUND_FILE = NOT_FOUND.variant("文件不存在", "File not found")
NOT_FOUND_JOINT_TICKET = NOT_FOUND.variant("联票不存在", "Joint ticket not found")
NOT_FOUND_ROUTE = NOT_FOUND.variant("线路不存在", "Route not found")
NOT_FOUND_STOP = NOT_FOUND.variant("讲解点不存在", "Stop not found")
NOT_FOUND_TICKET = NOT_FOUND.variant("电子票不存在", "Ticket not found")
NOT_TODAY = ErrorCode("not_today", "该票仅限 {when} 使用", "The ticket is not valid today", 409)
PERSONS_EXCEED = ErrorCode("persons_exceed", "该票剩余可核销 {left} 人", "Only {left} persons left", 409)
PERSONS_INVALID = ErrorCode("persons_invalid", "核销人数至少为 1", "persons must be at least 1")
QR_INVALID_NAMES_NO_ACTIVE = QR_INVALID.variant("二维码不属于任何在营商户", "The QR names no active merchant")
QR_INVALID_TICKET = QR_INVALID.variant("无法识别的二维码", "Not a ticket QR")
RANGE_TOO_LONG_LONGER_THAN_DAYS = RANGE_TOO_LONG.variant(
    "日期范围最长{max_stats_days}天", "Range longer than {max_stats_days} days",
)
SCAN_ID_REUSED = ErrorCode("scan_id_reused", "该扫描编号已用于另一张票", "scan_id already used for another ticket", 409)
SIGNATURE_INVALID = ErrorCode("signature_invalid", "二维码签名无效，可能是伪造或被篡改的票", "Bad QR signature")
TICKET_EXPIRED = ErrorCode("ticket_expired", "该票已过期", "Ticket expired", 409)
TICKET_NOT_FOUND_E_TICKET = TICKET_NOT_FOUND.variant("电子票不存在", "Ticket not found")
TICKET_REFUNDED = ErrorCode("ticket_refunded", "该票已退款", "Ticket refunded", 409)
TICKET_USED = ErrorCode("ticket_used", "该票已使用完毕", "Ticket already used", 409)
TOO_MANY_STOPS = TOO_MANY.variant("每条线路最多 {max_stops} 个讲解点", "Too many stops")
WRONG_VENUE = ErrorCode("wrong_venue", "该票不能在本景区使用", "This ticket is not valid at this venue", 409)
FILE_TYPE_INVALID_VALID = FILE_TYPE_INVALID.variant("{label}文件内容与格式不符", "File is not a valid {kind}")
TICKET_USED_NO_PERSONS_LEFT = TICKET_USED.variant("该票已无可核销人数", "No persons left on this ticket")
