import os

# Production never starts embedded servers: both URLs are required.
for _var in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PLATFORM_HOST"):
    if not os.environ.get(_var):
        raise RuntimeError(f"{_var} must be set in production")

from .base import *  # noqa: E402,F401,F403

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind PgBouncer in transaction mode the search_path must be set on every checkout,
# and server-side cursors cannot survive a pooled transaction (deploy/README.md).
TENANT_LIMIT_SET_CALLS = False
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # noqa: F405
