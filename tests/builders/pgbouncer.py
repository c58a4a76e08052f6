"""A real PgBouncer in transaction pooling mode, for the pooling tests and the CI run through it.

    python -m tests.builders.pgbouncer [--pool-size 8] -- <command>   run a command with
        DATABASE_URL pointing through a PgBouncer in front of DATABASE_URL's server, and
        DATABASE_POOLED=1 (tenants/postgresql/base.py); exits with the command's status.
"""

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


def available() -> bool:
    return os.path.exists(PGBOUNCER)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(host: str, port: int | str, user: str, *, pool_size: int = 1):
    """PgBouncer on a free port in front of `host:port` (any database), transaction pooling,
    `pool_size` server connections per database. Yields its port. Its files live in a fresh
    world-readable directory: run as root it drops to `nobody`."""
    listen = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    workdir.chmod(0o777)
    (workdir / "users.txt").write_text(f'"{user}" ""\n')
    (workdir / "pgbouncer.ini").write_text(f"""[databases]
* = host={host or "127.0.0.1"} port={port or 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {workdir}/users.txt
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 200
ignore_startup_parameters = extra_float_digits,options
logfile = {workdir}/pgbouncer.log
pidfile = {workdir}/pgbouncer.pid
""")
    for path in workdir.iterdir():
        path.chmod(0o666)
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []  # pgbouncer refuses to run as root
    proc = subprocess.Popen([PGBOUNCER, *as_user, str(workdir / "pgbouncer.ini")], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", listen), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"pgbouncer did not start: {(workdir / 'pgbouncer.log').read_text()}") from None
                time.sleep(0.1)
        yield listen
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pool-size", type=int, default=8)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    url = urlsplit(os.environ["DATABASE_URL"])
    with running(url.hostname, url.port, url.username or "postgres", pool_size=args.pool_size) as port:
        pooled = urlunsplit(url._replace(netloc=f"{url.username or 'postgres'}@127.0.0.1:{port}"))
        env = {**os.environ, "DATABASE_URL": pooled, "DATABASE_POOLED": "1"}
        print(f"through PgBouncer (transaction pooling, {args.pool_size} server connections): {pooled}", flush=True)
        return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main())
