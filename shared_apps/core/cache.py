"""The cache backend: Django's RedisCache that treats Redis as an optimisation, never as a
dependency. When Redis fails, reads miss and writes are dropped (logged, and the URL is skipped
for a while, core.redis), so callers fall back to the database: host routing
(tenants.cache.merchant_for_host) and the home page keep working with Redis cut.

`add`, `incr`/`decr` and `clear` still raise: their callers rely on the answer."""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from .redis import ERRORS, is_down, mark_down


class ResilientRedisCache(RedisCache):
    def _guarded(self, op, default, *args):
        url = self._servers[0]
        if is_down(url):
            return default
        try:
            return op(*args)
        except ERRORS as exc:
            mark_down(url, exc)
            return default

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        self._guarded(super().delete_many, None, keys, version)
