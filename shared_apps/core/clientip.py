"""The client's IP address, for rate limits, payment velocity checks and the operation log.

`X-Forwarded-For` is a list that anyone can start: a client sends `X-Forwarded-For: 1.2.3.4` and
each proxy appends the address it saw. Only the entries added by our own proxies are true, so the
client is the TRUSTED_PROXY_COUNT-th entry from the right (nginx alone: 1, a load balancer in front
of nginx: 2). With 0 (the default, no proxy) the header is ignored and REMOTE_ADDR is the client.
A header shorter than the count (the request skipped a proxy) or an entry that is not an IP address
also falls back to REMOTE_ADDR. Every place that needs the client's address calls `client_ip()`.
"""

import ipaddress

from django.conf import settings


def _ip(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote
    chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < trusted:
        return remote
    return _ip(chain[-trusted]) or remote
