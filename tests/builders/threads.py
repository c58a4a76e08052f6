"""Work in other threads: many callers released together, and polling for a worker's result."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

# Provisioning a merchant runs every app's migrations in the new schema (the public-schema apps'
# as no-ops, still one by one): on a loaded 2-core machine that passes a minute.
PROVISION_TIMEOUT = 180.0


def wait_for(predicate, timeout: float = 60.0) -> bool:
    """Poll until `predicate()` is true (work done by a Celery worker or the live server)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def run_all(fn, n: int) -> list:
    """Run fn(0..n-1) in n threads released together by a barrier (each with its own DB connection)."""
    barrier = threading.Barrier(n)

    def wrapped(i):
        try:
            barrier.wait()
            return fn(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(wrapped, range(n)))
