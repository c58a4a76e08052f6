import re

from .base import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"  # noqa: F405


def _redis_db(url: str, db: int) -> str:
    """Tests use their own Redis database (15) so they may flush it. A URL naming another database
    than 0 keeps it: parallel runs on one Redis (one database each) then never flush each other's
    cache nor share a Celery queue."""
    if (m := re.search(r"rediss?://[^/]+/(\d+)$", url)) and m.group(1) != "0":
        return url
    return re.sub(r"(rediss?://[^/]+)(/\d+)?$", rf"\1/{db}", url)


REDIS_URL = _redis_db(REDIS_URL, 15)  # noqa: F405
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = "tp-test"  # noqa: F405
CELERY_BROKER_URL = REDIS_URL  # noqa: F405
CELERY_RESULT_BACKEND = CELERY_BROKER_URL

# Tests provision merchants by cloning the schema template; spares are made only where a test
# asks for them (tests/test_provisioning.py).
SPARE_SCHEMAS = 0
