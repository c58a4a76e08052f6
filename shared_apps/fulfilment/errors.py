"""The errors of fulfilment: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import MERCHANT_NOT_FOUND as MERCHANT_NOT_FOUND
from shared_apps.core.failures import NOT_FOUND as NOT_FOUND
from shared_apps.core.failures import ErrorCode
from shared_apps.payments.errors import QR_STALE as QR_STALE
from tenant_apps.orders.errors import NOT_FOUND_ORDER as NOT_FOUND_ORDER
from tenant_apps.shop.errors import NOT_FOUND_COMPLAINT as NOT_FOUND_COMPLAINT
from tenant_apps.shop.errors import NOT_FOUND_RETURN_REQUEST as NOT_FOUND_RETURN_REQUEST
from tenant_apps.tickets.errors import ALREADY_USED_HERE as ALREADY_USED_HERE
from tenant_apps.tickets.errors import NOT_FOUND_ROUTE as NOT_FOUND_ROUTE

MERCHANT_UNAVAILABLE_INACTIVE = MERCHANT_NOT_FOUND
NOT_A_TICKET = ErrorCode("not_a_ticket", "联票只能配置在门票商品上", "Joint tickets must be ticket products")
NOT_FOUND_MERCHANT = MERCHANT_NOT_FOUND
NOT_FOUND_NOTIFICATION = NOT_FOUND.of(what="消息", what_en="Notification")
TOO_MANY_VENUES = ErrorCode("too_many_venues", "联票最多 {max_venues} 个景区", "Too many venues")
VENUE_DUPLICATE = ErrorCode("venue_duplicate", "适用景区重复", "Duplicate venue")
VENUE_INVALID = ErrorCode("venue_invalid", "适用景区必须是营业中的景区商户", "Venues must be active scenic merchants")
VENUES_REQUIRED = ErrorCode("venues_required", "联票至少需要一个适用景区", "At least one venue is required")
WEIGHT_INVALID = ErrorCode("weight_invalid", "分成权重需为 1 到 10000 的整数", "weight must be 1..10000")
