"""Dev settings with DEBUG off, for the gunicorn under benchmark (DEBUG keeps every SQL
query in memory and renders technical error pages: not what production runs).

BENCH_CONN_MAX_AGE (run.py --conn-max-age) overrides CONN_MAX_AGE, to measure what
persistent database connections would change; unset, the project's value is kept."""

import os

from config.settings.dev import *  # noqa: F401,F403
from config.settings.dev import DATABASES

DEBUG = False
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])

# The load sends many checkouts per tourist (and the probe ~40 from one): lift the anti-hoarding
# caps and the checkout rate limit so they never refuse, while their checks still run and count.
TOURIST_MAX_UNITS_PER_PRODUCT_DAY = 10**6
TOURIST_MAX_OPEN_CHECKOUTS = 10**6
MONEY_RATE_LIMITS = {"checkout": (10**6, 60), "withdrawal": (10**6, 60)}
