"""Settings of the server under fuzz: dev settings with DEBUG off (as production answers errors),
every error logged with its traceback to the server log (run.py reads it back for the report)."""

from config.settings.dev import *  # noqa: F401,F403

DEBUG = False
