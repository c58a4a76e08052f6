"""Settings shared by every environment."""

import os
from datetime import timedelta

from celery.schedules import crontab

from config import keys, runtime

BASE_DIR = runtime.BASE_DIR

SECRET_KEY = os.environ.get("SECRET_KEY", keys.DEV_SECRET_KEY)
# One key per purpose (config/keys.py): JWTs and offline-pay QR codes are not signed with SECRET_KEY.
# Unset: derived from SECRET_KEY (dev/test); production requires each, strong and distinct.
JWT_SIGNING_KEY = os.environ.get("JWT_SIGNING_KEY") or keys.derived(SECRET_KEY, "jwt")
QR_SIGNING_KEY = os.environ.get("QR_SIGNING_KEY") or keys.derived(SECRET_KEY, "qr")
# Wraps the ticket signing keys at rest (tenant_apps/tickets/keywrap.py); base64 of 32 bytes. Unset: derived
# from SECRET_KEY (dev/test). Production requires its own, so rotating SECRET_KEY cannot lose the keys.
TICKET_KEY_KEK = os.environ.get("TICKET_KEY_KEK", "")
DEBUG = False

# Merchant consoles live on <slug>.<PLATFORM_HOST>; marketplace and operator console on PLATFORM_HOST.
PLATFORM_HOST = os.environ.get("PLATFORM_HOST", "localhost")
# Other names of the platform host (e.g. an IP address); never a merchant.
PLATFORM_HOST_ALIASES = [h for h in os.environ.get("PLATFORM_HOST_ALIASES", "127.0.0.1").split(",") if h]
# The platform's public base URL (scheme, host, port; no trailing slash): every absolute link the
# platform hands out of a request (QR codes, notifications, e-mails) is built from it with
# shared_apps.core.links.absolute_url(). bin/start serves on :8000.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", f"http://{PLATFORM_HOST}:8000").rstrip("/")
ALLOWED_HOSTS = os.environ.get(
    "ALLOWED_HOSTS", ",".join([PLATFORM_HOST, f".{PLATFORM_HOST}", "testserver", *PLATFORM_HOST_ALIASES])
).split(",")

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "shared_apps.core",
    "shared_apps.accounts",
    "shared_apps.oplog",
    "shared_apps.onboarding",
    "shared_apps.marketplace",
    "shared_apps.checkout",
    "shared_apps.tourists",
    "shared_apps.ledger",
    "shared_apps.payments",
    "shared_apps.settlement",
    "shared_apps.distribution",
    "shared_apps.referrals",
    "shared_apps.routes",
    "shared_apps.fulfilment",
    "shared_apps.web",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",  # public schema: outstanding and blacklisted refresh tokens
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "tenant_apps.storefront",
    "tenant_apps.catalog",
    "tenant_apps.inventory",
    "tenant_apps.promotions",
    "tenant_apps.orders",
    "tenant_apps.tickets",
    "tenant_apps.hotel",
    "tenant_apps.dining",
    "tenant_apps.shop",
]
INSTALLED_APPS = list(SHARED_APPS) + [a for a in TENANT_APPS if a not in SHARED_APPS]

TENANT_MODEL = "tenants.Merchant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
TENANT_LIMIT_SET_CALLS = True
# New merchant schemas are cloned from a migrated template (tenants/provisioning.py), kept as
# SQL per migration state under SCHEMA_TEMPLATE_DIR; `migrate_schemas --executor=multiprocessing`
# migrates existing merchants in parallel (a failed run resumes: finished schemas are skipped).
SCHEMA_TEMPLATE = True
SCHEMA_TEMPLATE_DIR = BASE_DIR / ".var" / "schema-templates"
SPARE_SCHEMAS = 2  # cloned ahead of need: provisioning then renames one
TENANT_MULTIPROCESSING_MAX_PROCESSES = max(2, min(8, os.cpu_count() or 2))
TENANT_MULTIPROCESSING_CHUNKS = 50
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

MIDDLEWARE = [
    "shared_apps.core.csp.ContentSecurityPolicyMiddleware",  # outermost: error pages get it too
    "tenants.middleware.PlatformTenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL in path/query, unstorable JSON bodies: a 400 before any view (or the oplog) touches them.
    "shared_apps.core.middleware.RequestSanityMiddleware",
    "shared_apps.referrals.middleware.ReferralMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shared_apps.accounts.middleware.MerchantConsoleAccessMiddleware",
    "shared_apps.oplog.middleware.OperationLogMiddleware",
    "shared_apps.core.errors.DomainErrorMiddleware",
]

# Content-Security-Policy: shared_apps/core/csp.py DEFAULT_POLICY (no inline script or style), or
# CONTENT_SECURITY_POLICY here; form-action also gets the payment gateways' cashier origins.
CSP_FORM_ACTION_SOURCES = "shared_apps.payments.gateways.cashier_origins"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shared_apps.core.context.platform",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {"default": runtime.database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REDIS_URL = runtime.redis_url()
# Redis is never a single point of failure (shared_apps/core/redis.py): short timeouts, and after a
# failure it is skipped for a while. The cache then misses (host routing reads the database), rate
# limits fail open, except the money-moving ones, which refuse (MONEY_RATE_LIMITS, payments).
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", 0.5))
REDIS_RETRY_AFTER_SECONDS = float(os.environ.get("REDIS_RETRY_AFTER_SECONDS", 5))
CACHES = {
    "default": {
        "BACKEND": "shared_apps.core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        # Every key carries the schema name, so one merchant never reads another's entry.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "tp"),
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TENANT_HOST_CACHE_SECONDS = 300
# Payments and settlement (money is integer fen everywhere).
PAYMENT_NOTIFY_BASE_URL = os.environ.get("PAYMENT_NOTIFY_BASE_URL", "http://localhost:8000")
# Gateway callbacks (open to the internet): bodies over this are 413; each IP may post this many a minute.
PAYMENT_CALLBACK_MAX_BYTES = 64 * 1024
PAYMENT_CALLBACK_RATE_PER_MINUTE = 120
PAYMENT_QUERY_AFTER_SECONDS = 120  # pending gateway payments are actively queried after this
PAYMENT_VELOCITY_LIMITS = {"user": (10, 60), "device": (20, 120), "ip": (60, 600)}  # per minute, per hour
# Per-minute limits on the other money-moving writes; like the payment limits they fail closed.
MONEY_RATE_LIMITS = {"checkout": (20, 60), "withdrawal": (10, 60)}  # (hits, window seconds)
# /readyz answers 503 when one of these is down (/healthz reports all, always 200). Redis and the
# Celery broker are left out by default: the platform serves without them (money writes refused).
READYZ_REQUIRED = tuple(h for h in os.environ.get("READYZ_REQUIRED", "database").split(",") if h)
PLATFORM_COMMISSION_BPS = {"default": 500, "scenic": 500, "hotel": 800, "restaurant": 300, "shop": 600}
SETTLEMENT_DELAY_DAYS = int(os.environ.get("SETTLEMENT_DELAY_DAYS", 1))  # T+N
# Gateways: production sets PAYMENT_GATEWAYS (merchant credentials, see docs/api.md); dev and
# tests talk to the local sandbox gateway (bin/start runs it) with keys under .var/sandbox.
PAYMENT_GATEWAYS: dict | None = None
PAYMENT_USE_SANDBOX = True
PAYMENT_SANDBOX_URL = os.environ.get("PAYMENT_SANDBOX_URL", "http://127.0.0.1:8555")
PAYMENT_SANDBOX_STATE_DIR = os.environ.get("PAYMENT_SANDBOX_STATE_DIR", str(BASE_DIR / ".var" / "sandbox"))
# How many reverse proxies of ours append to X-Forwarded-For (deploy/nginx.conf: 1). The client's
# address is the N-th entry from the right; 0 ignores the header (shared_apps/core/clientip.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))
# Outbound calls to URLs that users give (webhooks): shared_apps/core/outbound.py. The allow-list
# names hosts exempt from the public-address check (a local receiver in tests, a sandbox); keep it
# empty in production.
OUTBOUND_URL_REQUIRE_HTTPS = False
OUTBOUND_URL_ALLOWED_HOSTS = [h for h in os.environ.get("OUTBOUND_URL_ALLOWED_HOSTS", "").split(",") if h]
OUTBOUND_CONNECT_TIMEOUT_SECONDS = 3
OUTBOUND_READ_TIMEOUT_SECONDS = 5
CHECKOUT_TTL_SECONDS = int(os.environ.get("CHECKOUT_TTL_SECONDS", 15 * 60))  # unpaid checkouts expire
# Anti-hoarding caps per tourist (docs/security.md). A product's `max_per_tourist` overrides the
# first one (flash sales: 1); the count covers the tourist's open holds and paid orders.
TOURIST_MAX_UNITS_PER_PRODUCT_DAY = int(os.environ.get("TOURIST_MAX_UNITS_PER_PRODUCT_DAY", 20))
CHECKOUT_MAX_LINES = int(os.environ.get("CHECKOUT_MAX_LINES", 20))
TOURIST_MAX_OPEN_CHECKOUTS = int(os.environ.get("TOURIST_MAX_OPEN_CHECKOUTS", 3))  # unpaid, not yet expired

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = BASE_DIR / ".var" / "media"
MEDIA_URL = "/media/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First class names the WWW-Authenticate challenge, so failures are 401, not 403.
        "shared_apps.accounts.authentication.SessionJWTAuthentication",
        "shared_apps.accounts.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "shared_apps.accounts.permissions.TenantScoped",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "shared_apps.core.errors.api_exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "shared_apps.core.parsers.JSONParser",  # refuses NUL, lone surrogates, numbers past bigint, deep nesting
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "shared_apps.core.pagination.Pagination",
    "PAGE_SIZE": 50,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=30),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=14),
    "SIGNING_KEY": JWT_SIGNING_KEY,
    # A refresh token works once: using it returns a new one and blacklists it (a replayed one is refused).
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
}
# Brute-force protection of every password login (shared_apps/accounts/lockout.py): failures per
# account and per client address within `window_seconds`; a lock of `lock_seconds`, doubled at each
# further lock within `level_memory_seconds`, up to `max_lock_seconds`.
LOGIN_PROTECTION = {
    "account_failures": 5,
    "ip_failures": 30,
    "window_seconds": 15 * 60,
    "lock_seconds": 60,
    "max_lock_seconds": 60 * 60,
    "level_memory_seconds": 24 * 60 * 60,
}
# Operators (super-admin, reviewer, finance, support) must use TOTP two-factor to log in (prod: on).
OPERATOR_TOTP_REQUIRED = os.environ.get("OPERATOR_TOTP_REQUIRED", "0") == "1"
SPECTACULAR_SETTINGS = {
    "TITLE": "City Tourism Platform API",
    "DESCRIPTION": "Marketplace, merchant, operator and distributor API. Errors: {code, message, message_en}.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name get a stable name instead of a hash suffix.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationKindEnum": "shared_apps.onboarding.models.APPLICATION_KINDS",
        "DistributorKindEnum": "shared_apps.distribution.models.DistributorKind",
        "IdTypeEnum": "shared_apps.tourists.models.IdType",
        "WithdrawalStatusEnum": "shared_apps.settlement.models.WithdrawalStatus",
        "ProductKindEnum": "tenant_apps.catalog.models.ProductKind",
        "OrderStatusEnum": "tenant_apps.orders.models.OrderStatus",
        "RefundStatusEnum": "tenant_apps.orders.models.RefundStatus",
        "TicketStatusEnum": "tenant_apps.tickets.models.TicketStatus",
        "RoomStatusEnum": "tenant_apps.hotel.models.RoomStatus",
        "StayStatusEnum": "tenant_apps.hotel.models.StayStatus",
        "FolioStatusEnum": "tenant_apps.hotel.models.FolioStatus",
        "ChargeKindEnum": "tenant_apps.hotel.models.ChargeKind",
        "PayMethodEnum": "tenant_apps.hotel.models.PayMethod",
        "StaffPayMethodEnum": "tenant_apps.hotel.folio.STAFF_METHOD_CHOICES",
        "BoardCellKindEnum": ["free", "stay", "hold"],
        "VacancyStatusEnum": ["available", "sold_out"],
        "SittingStatusEnum": "tenant_apps.dining.models.SittingStatus",
        "ComplaintStatusEnum": "tenant_apps.shop.models.ComplaintStatus",
        "PaymentMethodEnum": "shared_apps.payments.models.Method",
        "RmaKindEnum": "tenant_apps.shop.models.RmaKind",
        "RouteKindEnum": "shared_apps.routes.models.RouteKind",
        "RouteStatusEnum": "shared_apps.routes.models.RouteStatus",
        "RouteBookingStatusEnum": "shared_apps.routes.models.RouteBookingStatus",
        "BookingStatusEnum": "shared_apps.distribution.models.booking.BookingStatus",
        "ContractStatusEnum": "shared_apps.distribution.models.ContractStatus",
        "DistributorStatusEnum": "shared_apps.accounts.models.Distributor.Status",
    },
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "refill-spare-schemas": {"task": "tenants.tasks.refill_spare_schemas", "schedule": 600.0},
    "cancel-expired-checkouts": {"task": "shared_apps.checkout.tasks.cancel_expired_checkouts", "schedule": 60.0},
    "query-pending-payments": {"task": "shared_apps.payments.tasks.query_pending_payments", "schedule": 60.0},
    "resubmit-stuck-refunds": {"task": "shared_apps.payments.tasks.resubmit_stuck_refunds", "schedule": 120.0},
    "release-due-settlements": {"task": "shared_apps.settlement.tasks.release_due_settlements",
                                "schedule": crontab(minute=15)},
    "reconcile-yesterday": {"task": "shared_apps.settlement.tasks.reconcile_yesterday",
                            "schedule": crontab(hour=10, minute=0)},
    "visit-reminders": {"task": "shared_apps.fulfilment.tasks.visit_reminders", "schedule": crontab(hour=18, minute=0)},
    "expire-tickets": {"task": "shared_apps.fulfilment.tasks.expire_tickets", "schedule": crontab(hour=0, minute=10)},
    "distribution-sweep": {"task": "shared_apps.distribution.tasks.distribution_sweep", "schedule": 60.0},
    "referrals-sweep": {"task": "shared_apps.referrals.tasks.referrals_sweep", "schedule": 60.0},
    "routes-sweep": {"task": "shared_apps.routes.tasks.routes_sweep", "schedule": 60.0},
    "poll-shipments": {"task": "tenant_apps.shop.tasks.poll_shipments", "schedule": 600.0},
    "auto-confirm-receipts": {"task": "tenant_apps.shop.tasks.auto_confirm_receipts", "schedule": crontab(minute=30)},
    "pay-at-hotel-no-shows": {"task": "tenant_apps.hotel.tasks.cancel_pay_at_hotel_no_shows", "schedule": 600.0},
    "refresh-listings": {"task": "shared_apps.marketplace.tasks.refresh_listings_task",
                         "schedule": crontab(hour=0, minute=5)},
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "noreply@tourism.local"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "tenant": {"format": "%(asctime)s %(levelname)s [%(schema_name)s:%(domain_url)s] %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["tenant_context"], "formatter": "tenant"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
