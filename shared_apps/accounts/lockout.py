"""Brute-force protection of every password login (tourist and staff token endpoints, the console
login page, the two-factor step): failures are counted in Redis per account and per client address;
past a threshold the account (or address) is locked, first for `lock_seconds`, then twice as long
at each further lock (up to `max_lock_seconds`). While locked even the right password is refused.
A success resets the account's failure count and lock level (never the address's: one valid
account must not clear a spraying address). Settings: LOGIN_PROTECTION.

With Redis unavailable the protection fails open (logins work, nothing is counted): a login moves
no money, and the breaker in core.redis keeps the outage from costing every request a timeout.
"""

import time

from django.conf import settings

from shared_apps.core import redis as redis_store

ACCOUNT, ADDRESS = "acct", "ip"


def _conf() -> dict:
    return settings.LOGIN_PROTECTION


def account_of(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _subjects(username: str, ip: str) -> list[tuple[str, str, int]]:
    conf = _conf()
    found = [(ACCOUNT, account_of(username), conf["account_failures"])]
    if ip:
        found.append((ADDRESS, ip, conf["ip_failures"]))
    return [s for s in found if s[1]]


def _key(what: str, kind: str, ident: str) -> str:
    return f"auth:{what}:{kind}:{ident}"


def locked_for(*, username: str, ip: str) -> int:
    """Seconds left of a lock on the account or the address (0: not locked). A lock's value is its
    end (Unix time, read against this process's clock); Redis's expiry only clears old keys."""
    keys = [_key("lock", kind, ident) for kind, ident, _ in _subjects(username, ip)]
    ends = redis_store.call(lambda client: client.mget(keys), default=[]) if keys else []
    now = time.time()
    return max([int(float(until) - now + 0.999) for until in ends if until and float(until) > now], default=0)


def record_failure(*, username: str, ip: str) -> tuple[int, bool]:
    """Count one failed attempt. Returns (seconds of the lock it started or 0, whether that lock is
    on the account)."""
    return redis_store.call(lambda client: _count(client, username, ip), default=(0, False))


def _count(client, username: str, ip: str) -> tuple[int, bool]:
    conf = _conf()
    started, on_account = 0, False
    for kind, ident, limit in _subjects(username, ip):
        fails = _key("fail", kind, ident)
        pipe = client.pipeline()
        pipe.incr(fails)
        pipe.expire(fails, conf["window_seconds"])
        count, _ = pipe.execute()
        if count < limit:
            continue
        level_key = _key("level", kind, ident)
        pipe = client.pipeline()
        pipe.incr(level_key)
        pipe.expire(level_key, conf["level_memory_seconds"])
        level, _ = pipe.execute()
        seconds = min(conf["lock_seconds"] * 2 ** (level - 1), conf["max_lock_seconds"])
        pipe = client.pipeline()
        pipe.set(_key("lock", kind, ident), time.time() + seconds, ex=seconds + 60)
        pipe.delete(fails)
        pipe.execute()
        started = max(started, seconds)
        on_account = on_account or kind == ACCOUNT
    return started, on_account


def record_success(*, username: str) -> None:
    ident = account_of(username)
    redis_store.call(lambda client: client.delete(_key("fail", ACCOUNT, ident), _key("level", ACCOUNT, ident)))
