"""The errors of shop: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import DATE_RANGE_INVALID as DATE_RANGE_INVALID
from shared_apps.core.failures import INVALID_TRANSITION as INVALID_TRANSITION
from shared_apps.core.failures import NOTE_REQUIRED as NOTE_REQUIRED
from shared_apps.core.failures import ErrorCode
from tenant_apps.orders.errors import ORDER_NOT_FOUND as ORDER_NOT_FOUND
from tenant_apps.promotions.errors import BUNDLE_NOT_FOUND as BUNDLE_NOT_FOUND

BODY_REQUIRED = ErrorCode("body_required", "请填写内容", "Message body required")
CARRIER_INVALID = ErrorCode("carrier_invalid", "不支持的快递公司", "Unknown carrier")
COMPLAINT_CLOSED = ErrorCode("complaint_closed", "投诉已关闭", "Complaint is closed", 409)
COMPLAINT_ESCALATED = ErrorCode(
    "complaint_escalated", "投诉已提交平台，由平台处理后关闭", "The platform closes escalations", 409,
)
COMPLAINT_EXISTS = ErrorCode("complaint_exists", "该订单已有处理中的投诉", "An active complaint exists", 409)
COMPLAINT_NOT_FOUND = ErrorCode("complaint_not_found", "投诉不存在", "Complaint not found", 404)
INVALID_TRANSITION_COMPLAINT_ESCALATED = INVALID_TRANSITION.of(
    label="投诉", what="Complaint", action="由平台处理", action_en="be decided by the platform",
)
INVALID_TRANSITION_EXCHANGES_REFUNDED = INVALID_TRANSITION.of(
    label="换货申请", what="An exchange", action="退款", action_en="be refunded",
)
INVALID_TRANSITION_RMA_APPROVED = INVALID_TRANSITION.of(
    label="退换货申请", what="Return request", action="填写退货快递", action_en="take a return shipment",
)
NAME_REQUIRED = ErrorCode("name_required", "请填写供应商名称", "Name required")
NOT_SHIPPED = ErrorCode("not_shipped", "尚未发货", "Shipment not shipped yet", 409)
NOTE_REQUIRED_REJECT = NOTE_REQUIRED.of(action="拒绝", action_en="refuse")
RANGE_INVALID_BAD_DATE = DATE_RANGE_INVALID
RATING_INVALID = ErrorCode("rating_invalid", "评分为 1 到 5", "Rating 1..5")
REASON_REQUIRED = ErrorCode("reason_required", "请填写退换货原因", "Reason required")
REFUND_PENDING = ErrorCode(
    "refund_pending", "订单有待处理的退款申请，请先处理退款", "Decide the pending refund first", 409,
)
RMA_EXISTS = ErrorCode("rma_exists", "该订单已有处理中的退换货申请", "A return request is already open", 409)
RMA_KIND_INVALID = ErrorCode("rma_kind_invalid", "请选择退货或换货", "kind must be return or exchange")
RMA_LINES_INVALID = ErrorCode("rma_lines_invalid", "没有可退换的商品", "Nothing to return", 409)
RMA_NOT_ALLOWED = ErrorCode(
    "rma_not_allowed", "订单尚未发货或状态不允许退换货", "Order not returnable in this status", 409,
)
RMA_NOT_FOUND = ErrorCode("rma_not_found", "退换货申请不存在", "Return request not found", 404)
RMA_OPEN = ErrorCode("rma_open", "退货处理中，暂不能确认收货", "A return is in progress", 409)
SHIPMENT_NOT_FOUND = ErrorCode("shipment_not_found", "发货单不存在", "Shipment not found", 404)
SUBJECT_REQUIRED = ErrorCode("subject_required", "请填写投诉主题", "Subject required")
SUPPLIER_EXISTS = ErrorCode("supplier_exists", "供应商已存在", "Supplier exists", 409)
SUPPLIER_NOT_FOUND = ErrorCode("shop_supplier_not_found", "供应商不存在", "Supplier not found", 404)
TRACKING_CODE_INVALID = ErrorCode("tracking_code_invalid", "物流节点类型无效", "Unknown tracking code")
TRACKING_NO_INVALID = ErrorCode(
    "tracking_no_invalid", "请填写正确的快递公司和单号", "Carrier and tracking number required",
)
TRACKING_NO_TAKEN = ErrorCode("tracking_no_taken", "该快递单号已用于其他发货单", "Tracking number already used", 409)
RMA_LINES_INVALID_QUANTITY_ABOVE_WHAT = ErrorCode(
    "rma_quantity_exceeded", "退换货数量超过可退数量", "Quantity above what is left",
)
RMA_LINES_INVALID_RETURN_LINE_QUANTITY = ErrorCode(
    "rma_line_invalid", "退换货明细有误", "Return line or quantity invalid",
)
SHIPMENT_NOT_FOUND_NO_ORDER = ErrorCode("no_shipment", "该订单没有发货单", "No shipment for this order", 404)

# The views' names for the same entries.
NOT_FOUND_BUNDLE_OFFER = BUNDLE_NOT_FOUND
NOT_FOUND_COMPLAINT = COMPLAINT_NOT_FOUND
NOT_FOUND_RETURN_REQUEST = RMA_NOT_FOUND
NOT_FOUND_SHIPMENT = SHIPMENT_NOT_FOUND
NOT_FOUND_SUPPLIER = SUPPLIER_NOT_FOUND
TRACKING_NO_INVALID_NUMBER_REQUIRED = TRACKING_NO_INVALID
