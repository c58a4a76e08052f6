"""The errors of marketplace: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import NOT_FOUND as NOT_FOUND

NOT_FOUND_PRODUCT_OFF_SHELF = NOT_FOUND.variant("商品不存在或已下架", "Product not found or off shelf")
