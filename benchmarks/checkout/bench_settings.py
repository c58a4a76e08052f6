"""Dev settings with DEBUG off, for the gunicorn under benchmark (DEBUG keeps every SQL
query in memory and renders technical error pages: not what production runs)."""

from config.settings.dev import *  # noqa: F401,F403

DEBUG = False
