"""Run a command with the embedded servers up; when it ends, stop what it started and them.

    .venv/bin/python -m config.supervise CMD [ARG...]

`bin/start` and `bin/test` run themselves under this. Before CMD runs, the embedded PostgreSQL
and Redis (config/runtime.py) are started when DATABASE_URL / REDIS_URL are unset. CMD runs in a
session of its own; SIGINT, SIGTERM and SIGHUP sent to this process are passed on to CMD's whole
process group. When CMD ends (by itself or by a signal), whatever is left of its process group
(a Celery worker, runserver, ...) gets SIGTERM, then SIGKILL after a grace period, and the embedded
servers that this process started are stopped. Servers that were already running when it began
(another `bin/start` in the same tree) are left alone. Exits with CMD's status (128 + signal number
when a signal ended it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from config import runtime

FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 20.0


def start_servers(started: list[str]) -> None:
    """Start the embedded servers that are needed and not yet running, adding each one's name
    to `started` before it starts (so one interrupted while starting is stopped too)."""
    if not os.environ.get("DATABASE_URL") and runtime.embedded_postgres_pid() is None:
        started.append("postgres")
        runtime.start_embedded_postgres()
    if not os.environ.get("REDIS_URL") and runtime.embedded_redis_pid() is None:
        started.append("redis")
        runtime.start_embedded_redis()


def stop_servers(names: list[str]) -> None:
    """Stop the named embedded servers (those start_servers() started)."""
    if "redis" in names:
        runtime.stop_embedded_redis()
    if "postgres" in names:
        runtime.stop_embedded_postgres()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def end_group(pgid: int, grace: float = GRACE_SECONDS) -> None:
    """SIGTERM every process left in group `pgid`, SIGKILL those still there after `grace` s."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _group_alive(pgid):
            time.sleep(0.1)
        if not _group_alive(pgid):
            return


def run(argv: list[str]) -> int:
    """Run argv supervised (see the module docstring); return its exit status."""
    started: list[str] = []
    child = None
    previous = {sig: signal.getsignal(sig) for sig in FORWARDED}

    def forward(signum, _frame):
        if child is not None:
            try:
                os.killpg(child.pid, signum)
            except ProcessLookupError:
                pass
        else:  # still starting the servers: stop them, then leave
            raise KeyboardInterrupt

    for sig in FORWARDED:
        signal.signal(sig, forward)
    try:
        start_servers(started)
        child = subprocess.Popen(argv, start_new_session=True)
        code = child.wait()
    except KeyboardInterrupt:
        code = 130
    finally:
        if child is not None:
            end_group(child.pid)
        stop_servers(started)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 - code if code < 0 else code


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: python -m config.supervise CMD [ARG...]")
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
