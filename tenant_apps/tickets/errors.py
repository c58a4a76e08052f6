"""The errors of tickets: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import RANGE_INVALID as RANGE_INVALID
from shared_apps.core.failures import RANGE_TOO_LONG as RANGE_TOO_LONG
from shared_apps.core.failures import TOO_MANY as TOO_MANY
from shared_apps.core.failures import ErrorCode
from tenant_apps.catalog.errors import FIELD_NOT_EDITABLE_UNKNOWN as FIELD_NOT_EDITABLE_UNKNOWN
from tenant_apps.hotel.errors import QR_INVALID as QR_INVALID

ALREADY_USED_HERE = ErrorCode(
    "already_used_here", "该联票已在本景区核销过", "This joint ticket was already used here", 409,
)
FIELD_NOT_EDITABLE_UNKNOWN_FIELDS = FIELD_NOT_EDITABLE_UNKNOWN
FILE_TOO_LARGE = ErrorCode("file_too_large", "{label}不能超过 {limit_mb}MB", "{kind} too large")
FILE_TYPE_INVALID = ErrorCode("file_type_invalid", "{label}文件无效：{problem}", "Invalid {kind} file: {problem_en}")
NOT_FOUND_FILE = NOT_FOUND.of(what="文件", what_en="File")
NOT_FOUND_JOINT_TICKET = NOT_FOUND.of(what="联票", what_en="Joint ticket")
NOT_FOUND_ROUTE = NOT_FOUND.of(what="讲解线路", what_en="Audio route")
NOT_FOUND_STOP = NOT_FOUND.of(what="讲解点", what_en="Stop")
NOT_FOUND_TICKET = NOT_FOUND.of(what="电子票", what_en="Ticket")
NOT_TODAY = ErrorCode("not_today", "该票仅限 {when} 使用", "The ticket is not valid today", 409)
PERSONS_EXCEED = ErrorCode("persons_exceed", "该票剩余可核销 {left} 人", "Only {left} persons left", 409)
PERSONS_INVALID = ErrorCode("persons_invalid", "核销人数至少为 1", "persons must be at least 1")
QR_INVALID_NAMES_NO_ACTIVE = QR_INVALID.of(problem="不属于任何在营商户", problem_en="it names no active merchant")
QR_INVALID_TICKET = QR_INVALID.of(problem="无法识别", problem_en="not a ticket QR code")
RANGE_TOO_LONG_LONGER_THAN_DAYS = RANGE_TOO_LONG.of(max_days="{max_stats_days}")
SCAN_ID_REUSED = ErrorCode("scan_id_reused", "该扫描编号已用于另一张票", "scan_id already used for another ticket", 409)
SIGNATURE_INVALID = ErrorCode("signature_invalid", "二维码签名无效，可能是伪造或被篡改的票", "Bad QR signature")
TICKET_EXPIRED = ErrorCode("ticket_expired", "该票已过期", "Ticket expired", 409)
TICKET_REFUNDED = ErrorCode("ticket_refunded", "该票已退款", "Ticket refunded", 409)
TICKET_USED = ErrorCode("ticket_used", "该票已使用完毕", "Ticket already used", 409)
TOO_MANY_STOPS = TOO_MANY.of(what="每条线路的讲解点", what_en="stops per route", max="{max_stops}", unit="个")
WRONG_VENUE = ErrorCode("wrong_venue", "该票不能在本景区使用", "This ticket is not valid at this venue", 409)
FILE_TYPE_INVALID_VALID = FILE_TYPE_INVALID.of(
    problem="文件内容与格式不符", problem_en="the content does not match the type",
)
FILE_TYPE_INVALID_UNSUPPORTED = FILE_TYPE_INVALID.of(problem="格式不支持（{types}）", problem_en="unsupported type")

# Other names for the same entries.
TICKET_NOT_FOUND_E_TICKET = NOT_FOUND_TICKET
TICKET_USED_NO_PERSONS_LEFT = TICKET_USED
