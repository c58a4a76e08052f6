"""Network addresses for tests that cut a dependency off."""

import copy
import socket


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released: connecting is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cut_redis(settings, *, broker: bool = False) -> str:
    """Point the cache and the limiter (and the Celery broker when `broker`) at a closed port;
    `settings` is pytest-django's fixture, which restores them after the test."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["LOCATION"] = url
    settings.CACHES, settings.REDIS_URL = caches, url
    if broker:
        settings.CELERY_BROKER_URL = url
    return url
