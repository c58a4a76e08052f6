import json
import os
from pathlib import Path

# Production never starts embedded servers: both URLs are required.
for _var in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "TICKET_KEY_KEK", "PLATFORM_HOST", "PAYMENT_GATEWAYS_FILE"):
    if not os.environ.get(_var):
        raise RuntimeError(f"{_var} must be set in production")

from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from config import keys  # noqa: E402

# Known, short or shared signing keys: refuse to start (config/keys.py).
if _weak := keys.problems(os.environ):
    raise ImproperlyConfigured("Production signing keys: " + "; ".join(_weak))

from .base import *  # noqa: E402,F401,F403

DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
OUTBOUND_URL_REQUIRE_HTTPS = True  # webhooks and any other user-given URL: https only
OPERATOR_TOTP_REQUIRED = True  # operators log in with a TOTP code (docs/security.md)
# Behind PgBouncer in transaction mode the search_path must be set on every checkout,
# and server-side cursors cannot survive a pooled transaction (deploy/README.md).
TENANT_LIMIT_SET_CALLS = False
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True  # noqa: F405

# Real merchant credentials for WeChat Pay / Alipay, as JSON (docs/api.md, "Payment gateways").
PAYMENT_USE_SANDBOX = False
PAYMENT_GATEWAYS = json.loads(Path(os.environ["PAYMENT_GATEWAYS_FILE"]).read_text())
PAYMENT_NOTIFY_BASE_URL = os.environ.get("PAYMENT_NOTIFY_BASE_URL", f"https://{os.environ['PLATFORM_HOST']}")
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", f"https://{os.environ['PLATFORM_HOST']}").rstrip("/")
