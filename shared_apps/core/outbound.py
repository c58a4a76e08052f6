"""The one guard for every outbound HTTP call to a URL that a user gave (distributor webhooks, ...).

Server-side request forgery: a URL such as `http://127.0.0.1:6379/` or `http://169.254.169.254/`
makes the platform talk to itself or to its private network. `check()` refuses such URLs when they
are saved and `post()` checks them again when it sends (a name may resolve to another address by
then: DNS rebinding), then connects to the very address it checked, so nothing can swap the address
between the check and the connection. No redirect is followed and the timeouts are short. The
caller learns the HTTP status only: never the body, never why a connection failed (refused, timed
out, reset ...), which would turn a webhook into a port scanner.

Settings:
- OUTBOUND_URL_REQUIRE_HTTPS (production: True): refuse `http://`.
- OUTBOUND_URL_ALLOWED_HOSTS: host names or IP literals exempt from the address check (a local
  receiver in tests, the sandbox); empty in production.
- OUTBOUND_CONNECT_TIMEOUT_SECONDS (3), OUTBOUND_READ_TIMEOUT_SECONDS (5).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
import urllib3
from django.conf import settings

NAT64 = ipaddress.ip_network("64:ff9b::/96")


class OutboundRefused(Exception):
    """The URL may not be called; `reason` is a short stable word (shown to the user who gave it)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (`address`) and what to say (`host`, `path`)."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _setting(name: str, default):
    return getattr(settings, name, default)


def allowed_hosts() -> set[str]:
    return {h.strip().lower().rstrip(".") for h in _setting("OUTBOUND_URL_ALLOWED_HOSTS", []) if h.strip()}


def is_public(address: str) -> bool:
    """True for a globally routable unicast address; False for loopback, private, link-local,
    multicast, reserved, unspecified, shared (CGNAT) and documentation ranges, IPv4 and IPv6,
    including IPv4 addresses carried inside IPv6 (v4-mapped, NAT64, 6to4, Teredo)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not is_public(str(embedded)):
            return False
    return not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified) and ip.is_global


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise OutboundRefused("unresolvable") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def check(url: str) -> Target:
    """Refuse a URL that is not http(s), carries credentials, or names (or resolves to) an address
    that is not public; every address of the name must be public, or a second A record would do."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise OutboundRefused("malformed") from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host:
        raise OutboundRefused("scheme")
    if scheme == "http" and _setting("OUTBOUND_URL_REQUIRE_HTTPS", False):
        raise OutboundRefused("https_required")
    if parts.username or parts.password:
        raise OutboundRefused("credentials")
    port = port or (443 if scheme == "https" else 80)
    addresses = _resolve(host, port)
    if not addresses:
        raise OutboundRefused("unresolvable")
    if host not in allowed_hosts() and not all(is_public(a) for a in addresses):
        raise OutboundRefused("address")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])


def _pool(target: Target):
    timeout = urllib3.Timeout(connect=_setting("OUTBOUND_CONNECT_TIMEOUT_SECONDS", 3),
                              read=_setting("OUTBOUND_READ_TIMEOUT_SECONDS", 5))
    common = {"host": target.address, "port": target.port, "timeout": timeout, "retries": False, "maxsize": 1}
    if target.scheme == "https":  # TLS names the host, not the address: the certificate is checked for it
        return urllib3.HTTPSConnectionPool(**common, server_hostname=target.host, assert_hostname=target.host,
                                           cert_reqs="CERT_REQUIRED", ca_certs=certifi.where())
    return urllib3.HTTPConnectionPool(**common)


def post(url: str, *, body: bytes, headers: dict[str, str]) -> int | None:
    """POST `body` to a checked URL; return the HTTP status, or None when no answer came (whatever
    the cause). Raises OutboundRefused when the URL (re-checked now) may not be called."""
    target = check(url)
    default_port = 443 if target.scheme == "https" else 80
    host_header = target.host if target.port == default_port else f"{target.host}:{target.port}"
    if ":" in target.host:
        host_header = f"[{target.host}]" if target.port == default_port else f"[{target.host}]:{target.port}"
    pool = _pool(target)
    try:
        response = pool.urlopen("POST", target.path, body=body, headers={**headers, "Host": host_header},
                                redirect=False, retries=False, preload_content=False)
        status = response.status
        response.close()  # the body is never read
        return status
    except (urllib3.exceptions.HTTPError, OSError):
        return None
    finally:
        pool.close()
