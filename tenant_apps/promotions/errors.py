"""The errors of promotions: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import RANGE_INVALID as RANGE_INVALID
from shared_apps.core.failures import ErrorCode

BUNDLE_INVALID = ErrorCode("bundle_invalid", "至少 2 件起，优惠金额需大于 0", "min_quantity >= 2, discount > 0")
BUNDLE_NOT_FOUND = ErrorCode("bundle_not_found", "活动不存在", "Bundle offer not found", 404)
COUPON_EXPIRED = ErrorCode("coupon_expired", "该券不在有效期内", "Coupon not valid today", 409)
COUPON_INVALID = ErrorCode("coupon_invalid", "券面额需大于 0，使用门槛不能为负", "Amount > 0, threshold >= 0")
COUPON_NOT_FOUND = ErrorCode("coupon_not_found", "券码不存在", "Unknown coupon code", 404)
COUPON_THRESHOLD = ErrorCode(
    "coupon_threshold", "消费满 {threshold_yuan} 元才能使用该券", "Amount below the coupon threshold", 409,
)
COUPON_USED = ErrorCode("coupon_used", "该券已核销或作废", "Coupon already redeemed or void", 409)
NOTHING_TO_PAY = ErrorCode("nothing_to_pay", "没有待付金额{hint}", "Nothing to pay{hint_en}", 409)
PRODUCT_UNAVAILABLE = ErrorCode("product_unavailable", "{what}不存在或已下架", "{what_en} not found or off shelf", 409)
RANGE_INVALID_END_BEFORE_START = RANGE_INVALID
BUNDLE_INVALID_PICK_PRODUCTS = ErrorCode("bundle_products_required", "请选择参与活动的商品", "Pick the products")
COUPON_INVALID_TOO_MANY_COUPONS = ErrorCode(
    "too_many_coupons", "每次最多发放 {max_coupons_per_batch} 张", "At most {max_coupons_per_batch} coupons a batch",
)
PRODUCT_UNAVAILABLE_GOODS = PRODUCT_UNAVAILABLE.of(what="商品", what_en="Product")
NOTHING_TO_PAY_DUE = NOTHING_TO_PAY.of(hint="", hint_en="")
