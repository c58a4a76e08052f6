"""A shared Redis-backed fixed-window limiter (API keys, sign-up, payments, later anti-brushing).

When Redis is unavailable a limit fails open (the hit is allowed, and logged by core.redis)
unless the caller says `fail_closed=True`: the money-moving writes (payments, checkouts,
withdrawals) are then refused with rate_limit_unavailable (503) rather than run unmetered."""

import time

from django.conf import settings

from .failures import RATE_LIMIT_UNAVAILABLE, RATE_LIMITED, DomainError
from .redis import call


def hit(bucket: str, limit: int, window_seconds: int = 60, *, fail_closed: bool = False) -> tuple[bool, int]:
    """Count one hit in `bucket`; return (allowed, retry_after_seconds)."""
    now = int(time.time())
    window = now // window_seconds
    key = f"rl:{bucket}:{window}"

    def count_hit(client):
        pipe = client.pipeline()
        pipe.incr(key)
        pipe.expire(key, window_seconds + 1)
        return pipe.execute()[0]

    count = call(count_hit)
    if count is None:  # Redis unavailable
        if fail_closed:
            raise DomainError(RATE_LIMIT_UNAVAILABLE, details={"retry_after": int(settings.REDIS_RETRY_AFTER_SECONDS)})
        return True, 0
    if count > limit:
        return False, window_seconds - (now % window_seconds)
    return True, 0


def hit_money(action: str, key) -> None:
    """A money-moving write (`action` in settings.MONEY_RATE_LIMITS) by `key`: refuse with
    rate_limited past the limit, and with rate_limit_unavailable when the limiter cannot count."""
    limit, window = settings.MONEY_RATE_LIMITS[action]
    allowed, retry = hit(f"{action}:{key}", limit, window, fail_closed=True)
    if not allowed:
        raise DomainError(RATE_LIMITED, details={"retry_after": retry})
