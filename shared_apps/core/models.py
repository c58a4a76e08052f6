from .idempotency import IdempotencyRecord

__all__ = ["IdempotencyRecord"]
