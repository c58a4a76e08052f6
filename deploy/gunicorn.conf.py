"""Gunicorn settings for the web tier: `gunicorn -c deploy/gunicorn.conf.py`.

Environment:
  GUNICORN_BIND          address to listen on (default 127.0.0.1:8000, nginx in front)
  WEB_CONCURRENCY        worker processes (default 2 x CPUs + 1)
  GUNICORN_THREADS       threads per sync worker (default 1)
  GUNICORN_WORKER_CLASS  "sync" (default, WSGI) or "uvicorn_worker.UvicornWorker"
                         (ASGI; needs the uvicorn-worker package)
  GUNICORN_TIMEOUT       seconds before a silent worker is killed and restarted (default 60)
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")

# The same Django project behind either interface.
wsgi_app = "config.asgi:application" if "uvicorn" in worker_class.lower() else "config.wsgi:application"

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200

# Only trust X-Forwarded-* from nginx on this host (or the compose network).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "tourism-web"
