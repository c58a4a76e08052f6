"""Redis clients, one per URL and process (settings.REDIS_URL, external or embedded), and the
breaker that lets the platform run on without Redis (docs/security.md, "Redis is not a single
point of failure").

Every client has short socket timeouts, so a Redis that is gone (or black-holed) costs a request
at most REDIS_SOCKET_TIMEOUT seconds. After a failure the URL is held "down" for
REDIS_RETRY_AFTER_SECONDS: callers skip it (cache reads miss, fail-open limits allow, fail-closed
limits refuse) without paying the timeout again on every call.
"""

import logging
import time
from functools import lru_cache

import redis
from django.conf import settings

log = logging.getLogger(__name__)
_down_until: dict[str, float] = {}
ERRORS = (redis.RedisError, OSError)  # what a dead or unreachable Redis raises


@lru_cache(maxsize=8)
def _client(url: str) -> redis.Redis:
    timeout = settings.REDIS_SOCKET_TIMEOUT
    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)


def redis_client() -> redis.Redis:
    return _client(settings.REDIS_URL)


def is_down(url: str) -> bool:
    return _down_until.get(url, 0.0) > time.monotonic()


def mark_down(url: str, exc: BaseException) -> None:
    if not is_down(url):
        log.warning("Redis unavailable (%s: %s); retrying in %ss", type(exc).__name__, exc,
                    settings.REDIS_RETRY_AFTER_SECONDS)
    _down_until[url] = time.monotonic() + settings.REDIS_RETRY_AFTER_SECONDS


def call(fn, default=None):
    """`fn(client)` against settings.REDIS_URL, or `default` when Redis is unavailable (breaker)."""
    url = settings.REDIS_URL
    if is_down(url):
        return default
    try:
        return fn(redis_client())
    except ERRORS as exc:
        mark_down(url, exc)
        return default
