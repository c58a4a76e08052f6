"""The errors of marketplace: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import NOT_FOUND_PRODUCT as NOT_FOUND_PRODUCT

NOT_FOUND_PRODUCT_OFF_SHELF = NOT_FOUND_PRODUCT
