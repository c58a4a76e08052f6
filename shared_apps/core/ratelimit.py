"""A shared Redis-backed fixed-window limiter (API keys, sign-up, later anti-brushing)."""

import time

from .redis import redis_client


def hit(bucket: str, limit: int, window_seconds: int = 60) -> tuple[bool, int]:
    """Count one hit in `bucket`; return (allowed, retry_after_seconds)."""
    now = int(time.time())
    window = now // window_seconds
    key = f"rl:{bucket}:{window}"
    client = redis_client()
    pipe = client.pipeline()
    pipe.incr(key)
    pipe.expire(key, window_seconds + 1)
    count, _ = pipe.execute()
    if count > limit:
        return False, window_seconds - (now % window_seconds)
    return True, 0
