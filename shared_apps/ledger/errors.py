"""The errors of ledger: code, Chinese and English message, HTTP status (see shared_apps/core/failures.py)."""

from shared_apps.core.failures import ErrorCode

LEDGER_UNBALANCED = ErrorCode("ledger_unbalanced", "记账分录借贷不平", "Entry {kind}:{ref} does not balance", 500)
