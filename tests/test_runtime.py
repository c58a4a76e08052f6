"""The embedded path (no DATABASE_URL / REDIS_URL) must keep working even when CI uses real servers."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import redis

from config import runtime


def _until(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while not (value := predicate()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


@pytest.fixture(scope="module")
def var_dir():
    """One .var for the supervise tests (initdb once); whatever a failed test left is stopped.

    Not under pytest's basetemp: pgserver opens the path's parents to its `pgserver` user (o+rx), and
    every pytest session that starts on the machine closes /tmp/pytest-of-<user> again (0700)."""
    path = Path(tempfile.mkdtemp(prefix="tourism-runtime-"))
    yield path
    runtime.stop_embedded_redis(path)
    runtime.stop_embedded_postgres(path)
    shutil.rmtree(path, ignore_errors=True)


def test_external_urls_win(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5433/tourism")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6380/2")
    cfg = runtime.database_config()
    assert (cfg["HOST"], cfg["PORT"], cfg["NAME"]) == ("db.example", 5433, "tourism")
    assert cfg["ENGINE"] == "tenants.postgresql"  # django-tenants' backend, pooling-aware
    assert "TENANT_POOLED" not in cfg
    assert runtime.redis_url() == "redis://cache.example:6380/2"
    monkeypatch.setenv("DATABASE_POOLED", "1")  # behind a transaction-pooling PgBouncer
    pooled = runtime.database_config()
    assert pooled["TENANT_POOLED"] is True and pooled["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_embedded_servers_start_reuse_and_answer(tmp_path):
    socket_dir = runtime.start_embedded_postgres(tmp_path)
    try:
        assert runtime.start_embedded_postgres(tmp_path) == socket_dir  # reused, not restarted
        with psycopg.connect(dbname="tourism", user="postgres", host=socket_dir) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        runtime.stop_embedded_postgres(tmp_path)  # the platform leaves it running; the test stops its own
    port = runtime.start_embedded_redis(tmp_path)
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        assert runtime.start_embedded_redis(tmp_path) == port
        assert client.ping()
    finally:
        client.shutdown(nosave=True)


def _supervised(var_dir, *argv, log):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["PLATFORM_VAR_DIR"], env["XDG_RUNTIME_DIR"] = str(var_dir), str(var_dir / "run")
    with open(log, "w") as out:
        return subprocess.Popen([sys.executable, "-m", "config.supervise", *argv], cwd=runtime.BASE_DIR, env=env,
                                stdout=out, stderr=subprocess.STDOUT)


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "exit"])
def test_supervise_stops_the_command_and_the_embedded_servers_it_started(var_dir, how):
    """bin/start and bin/test run under config.supervise: when the command ends (a signal, or by
    itself), nothing of it is left running, neither its children nor the embedded servers."""
    pids = var_dir / f"pids-{how}"
    pids.unlink(missing_ok=True)  # run again in one session (--clock with several moments)
    # The command starts a grandchild too (as bin/start starts a worker), then waits or exits.
    script = f"sleep 300 & echo $$ $! > {pids}; " + ("exit 3" if how == "exit" else "wait")
    log = var_dir / f"supervise-{how}.log"
    proc = _supervised(var_dir, "bash", "-c", script, log=log)
    try:
        assert _until(lambda: pids.exists() and pids.read_text().strip(), 120), log.read_text()
        started = [int(p) for p in pids.read_text().split()]
        servers = [runtime.embedded_postgres_pid(var_dir), runtime.embedded_redis_pid(var_dir)]
        if how != "exit":
            assert all(servers)
            proc.send_signal(getattr(signal, how))
        code = proc.wait(timeout=90)
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=90)
    assert code == {"SIGTERM": 128 + signal.SIGTERM, "SIGINT": 128 + signal.SIGINT, "exit": 3}[how], log.read_text()
    assert [p for p in started + servers if p and runtime._alive(p)] == []
    assert (runtime.embedded_postgres_pid(var_dir), runtime.embedded_redis_pid(var_dir)) == (None, None)


def test_supervise_leaves_servers_it_did_not_start(var_dir):
    port = runtime.start_embedded_redis(var_dir)
    try:
        log = var_dir / "supervise-true.log"
        assert _supervised(var_dir, "true", log=log).wait(timeout=120) == 0, log.read_text()
        assert runtime.embedded_redis_pid(var_dir) and redis.Redis(host="127.0.0.1", port=port).ping()
        assert runtime.embedded_postgres_pid(var_dir) is None  # it started this one, so it stopped it
    finally:
        runtime.stop_embedded_redis(var_dir)
