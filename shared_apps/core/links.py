"""Absolute links to the platform host, for what leaves a request: QR codes, notifications, e-mails.

They are built from settings.PUBLIC_BASE_URL (scheme, host and port the public reaches the platform
on), never from PLATFORM_HOST alone, which has no scheme nor port."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` ("/pay/offline/?t=...") on the platform's public base URL."""
    if not path.startswith("/"):
        path = "/" + path
    return f"{settings.PUBLIC_BASE_URL}{path}"
