"""What `bin/start` serves by default: the dev settings as production runs them.

DEBUG off (the custom 404 / 500 pages, no debug page), gunicorn in front (bin/start), static
files served by WhiteNoise straight from the finders (no collectstatic step at start). `bin/start
--dev` keeps config.settings.dev: runserver with autoreload and the debug page."""

from .dev import *  # noqa: F401,F403
from .dev import MIDDLEWARE

DEBUG = False
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
