"""Fuzz the HTTP API with schemathesis against a live server with seeded data (bin/fuzz runs
this under config.supervise; .ci/run runs bin/fuzz after the tests).

    .venv/bin/python -m tests.fuzz.run [--max-examples 8] [--profiles platform,merchant,...]

1. A database of its own, `<DATABASE_URL's name>_fuzz` (embedded server: `tourism_fuzz`), dropped
   and recreated on every run; cache keys under the prefix `fuzz` (cleared first).
2. `migrate_schemas --shared`, then tests/fuzz/seed.py (2 merchants, tourist, operator,
   distributor with member and API key) prints the credentials.
3. The payment sandbox gateway and gunicorn (tests.fuzz.settings: DEBUG off) on free ports; their
   logs are kept in test-artifacts/fuzz/ (server.log, sandbox.log).
4. One `st run` per profile (PROFILES: host, which operations, which credential), against the
   schema that host serves, with the checks not_a_server_error and response_schema_conformance,
   at most --max-examples cases per operation and phase, a fixed --seed, no example database:
   the same tree gives the same requests. Reports (junit + ndjson) go to test-artifacts/fuzz/.
5. A summary: operations, test cases, failures per check, each server error's exception from the
   server log; exit 1 when any failure was found. Past --budget seconds the running st is stopped
   and the profiles left are skipped (a warning, not a failure: CI's time is bounded).

Everything it started (gunicorn, schemathesis) is stopped at its end, on SIGTERM/SIGINT too.
"""

import argparse
import http.client
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "fuzz"
VENV = ROOT / ".venv" / "bin"
SETTINGS = "tests.fuzz.settings"
CHECKS = "not_a_server_error,response_schema_conformance"


@dataclass(frozen=True)
class Profile:
    name: str
    host: str  # "" = the platform host, else a merchant slug
    credential: str  # key in the seed output
    include: str = ""  # path regex of the operations (st --include-path-regex)
    exclude: str = ""

    def auth_header(self, creds: dict) -> str:
        value = creds[self.credential]
        return f"Authorization: Api-Key {value}" if self.credential == "api_key" else f"Authorization: Bearer {value}"


# In this order: the operator (who can suspend distributors and merchants) goes last, the API key's
# run before the member's (who can revoke it).
PROFILES = [
    Profile("platform", "", "tourist", exclude=r"^/api/v1/(octo|distributor|ops)/"),
    Profile("merchant", "fzscenic", "owner"),
    Profile("hotel", "fzhotel", "hotel_owner", include=r"^/api/v1/merchant/hotel/"),  # the rest: as `merchant`
    Profile("octo", "", "api_key", include=r"^/api/v1/octo/"),
    Profile("distributor", "", "distributor", include=r"^/api/v1/distributor/"),
    Profile("ops", "", "operator", include=r"^/api/v1/ops/"),
]


class Stopped(Exception):
    pass


def _stop_on_signal(signum, _frame):
    raise Stopped(signum)


def fuzz_env() -> dict:
    """Environment of the children: the fuzz database, Redis, settings, cache prefix."""
    from config import runtime

    url = os.environ.get("DATABASE_URL")
    if url:
        parts = urlsplit(url)
        db_url = urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/') or 'tourism'}_fuzz"))
    else:
        db_url = f"postgres://postgres@{quote(runtime.start_embedded_postgres(), safe='')}/tourism_fuzz"
    return dict(os.environ, DATABASE_URL=db_url, REDIS_URL=runtime.redis_url(), DJANGO_SETTINGS_MODULE=SETTINGS,
                CACHE_KEY_PREFIX="fuzz", LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))


def recreate_database(db_url: str) -> None:
    import psycopg

    parts = urlsplit(db_url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def clear_cache(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("fuzz:*", count=1000):
        client.delete(key)


def run(cmd: list[str], env: dict) -> str:
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"FAILED: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, host: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def start_sandbox(env: dict, children: list) -> None:
    """The local payment gateway sandbox (as bin/start runs it), on a free port; `env` then points
    the server at it and tells it where to send notifications."""
    port = free_port()
    state = ARTIFACTS / "sandbox"
    log = open(ARTIFACTS / "sandbox.log", "w")  # noqa: SIM115 (closed with the process)
    children.append(subprocess.Popen(
        [str(VENV / "python"), "-m", "shared_apps.payments.sandbox", "--port", str(port), "--state-dir", str(state)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
    env.update(PAYMENT_SANDBOX_URL=f"http://127.0.0.1:{port}", PAYMENT_SANDBOX_STATE_DIR=str(state))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the payment sandbox did not listen in 30 s, see {log.name}")


def start_server(env: dict, workers: int, children: list) -> int:
    port = free_port()
    env["PAYMENT_NOTIFY_BASE_URL"] = f"http://localhost:{port}"  # a host the server routes
    log = open(ARTIFACTS / "server.log", "w")  # noqa: SIM115 (closed with the process)
    cmd = [str(VENV / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--chdir", str(ROOT),
           "--timeout", "60", "--log-level", "warning", "--env", f"DJANGO_SETTINGS_MODULE={SETTINGS}"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    children.append(proc)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz", "localhost")[0] == 200:
                return port
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited, see {log.name}")
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /healthz in 60 s, see {log.name}")


def stop(children: list) -> None:
    for proc in children:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in children:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def fuzz(profile: Profile, port: int, creds: dict, args, env: dict, children: list) -> dict:
    """One schemathesis run; returns its figures from the ndjson event stream."""
    host = f"{profile.host}.localhost" if profile.host else "localhost"
    status, body = get(port, "/api/schema/?format=json", host)
    if status != 200:
        raise SystemExit(f"{profile.name}: GET /api/schema/ on {host} gave {status}")
    schema = ARTIFACTS / f"{profile.name}-schema.json"
    schema.write_bytes(body)
    ndjson = ARTIFACTS / f"{profile.name}.ndjson"
    cmd = [str(VENV / "st"), "--config-file", str(HERE / "schemathesis.toml"), "--no-color",
           "run", str(schema), "--url", f"http://127.0.0.1:{port}",
           "-H", f"Host: {host}", "-H", profile.auth_header(creds), "--checks", CHECKS,
           "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--generation-database", "none",
           "--phases", args.phases, "--workers", str(args.st_workers), "--request-timeout", "30",
           "--suppress-health-check", "all", "--warnings", "off", "--continue-on-failure",
           "--report", "junit,ndjson", "--report-junit-path", str(ARTIFACTS / f"{profile.name}.xml"),
           "--report-ndjson-path", str(ndjson)]
    if profile.include:
        cmd += ["--include-path-regex", profile.include]
    if profile.exclude:
        cmd += ["--exclude-path-regex", profile.exclude]
    t0 = time.monotonic()
    out = open(ARTIFACTS / f"{profile.name}.txt", "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(env, SCHEMATHESIS_HOOKS=""), stdout=out, stderr=subprocess.STDOUT)
    children.append(proc)
    try:
        proc.wait(timeout=max(1.0, args.deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait(timeout=20)
        print(f"fuzz: WARNING {profile.name} cut short: over the time budget (--budget {args.budget}s)")
    out.close()
    figures = summarise(ARTIFACTS / f"{profile.name}.txt")
    figures.update(profile=profile.name, seconds=time.monotonic() - t0, exit=proc.returncode)
    return figures


def summarise(text_path: Path) -> dict:
    """Figures from st's closing summary: operations tested, test cases, failures by check."""
    text = text_path.read_text(errors="replace")

    def number(pattern: str) -> int:
        m = re.search(pattern, text)
        return int(m.group(1)) if m else 0

    return {"operations": number(r"Tested: (\d+)"), "cases": number(r"(\d+) generated"),
            "server_errors": number(r"Server error: (\d+)"),
            "schema_violations": number(r"Response violates schema: (\d+)"),
            "failures": number(r"found (\d+) unique failures?"),
            "failed_operations": len(re.findall(OPERATION_HEADER, section(text, "FAILURES"), re.M)),
            # st's own errors (e.g. a Hypothesis internal error in one worker): reported, not the API's failures
            "st_errors": len(re.findall(OPERATION_HEADER, section(text, "ERRORS"), re.M))}


OPERATION_HEADER = r"^_+ (?:GET|POST|PUT|PATCH|DELETE|Stateful tests)\b"


def section(text: str, name: str) -> str:
    """The `==== NAME ====` section of st's output (up to the next ==== line), else ""."""
    m = re.search(rf"^=+ {name} =+$(.*?)^=+ ", text, re.M | re.S)
    return m.group(1) if m else ""


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ")
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(: |$)")
ERROR_LINE = re.compile(r"ERROR \[[^]]*\] django.request Internal Server Error: (\S+)")


def server_errors(log: Path) -> dict[tuple[str, str, str], int]:
    """(path, the project's innermost frame, exception line) -> count, from the server log."""
    found: dict[tuple[str, str, str], int] = {}
    path, frame, last = None, "", ""

    def close():
        if path is not None:
            key = (re.sub(r"/\d+(?=/)", "/N", path), frame, last[:200])
            found[key] = found.get(key, 0) + 1

    for line in log.read_text(errors="replace").splitlines():
        if LOG_LINE.match(line):
            close()
            m = ERROR_LINE.search(line)
            path, frame, last = (m.group(1), "", "") if m else (None, "", "")
        elif path is not None and line.strip():
            if line.lstrip().startswith('File "'):
                last = ""
                if "/.venv/" not in line and str(ROOT) in line:
                    frame = line.strip().replace(f'File "{ROOT}/', "")
            elif not last and EXCEPTION_LINE.match(line):
                last = line[:90]
    close()
    return found


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-examples", type=int, default=8)
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--phases", default="examples,coverage,fuzzing,stateful")
    ap.add_argument("--profiles", default=",".join(p.name for p in PROFILES))
    ap.add_argument("--budget", type=int, default=720, help="seconds for the whole run: past it the running st is "
                    "stopped and the profiles left are skipped, with a warning (CI's time is bounded)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    ap.add_argument("--st-workers", type=int, default=2, help="schemathesis workers")
    args = ap.parse_args()
    chosen = [p for p in PROFILES if p.name in args.profiles.split(",")]
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _stop_on_signal)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    children: list[subprocess.Popen] = []
    t0 = time.monotonic()
    args.deadline = t0 + args.budget
    try:
        env = fuzz_env()
        recreate_database(env["DATABASE_URL"])
        clear_cache(env["REDIS_URL"])
        run([str(VENV / "python"), "manage.py", "migrate_schemas", "--shared", "--noinput", "-v", "0"], env)
        creds_file = ARTIFACTS / "credentials.json"
        run([str(VENV / "python"), "-m", "tests.fuzz.seed", str(creds_file)], env)
        creds = json.loads(creds_file.read_text())
        start_sandbox(env, children)
        port = start_server(env, args.workers, children)
        print(f"fuzz: setup {time.monotonic() - t0:.0f}s, server on :{port}, reports in {ARTIFACTS}", flush=True)
        results = []
        for profile in chosen:
            if time.monotonic() > args.deadline:
                print(f"fuzz: WARNING {profile.name} skipped: over the time budget (--budget {args.budget}s)")
                continue
            figures = fuzz(profile, port, creds, args, env, children)
            results.append(figures)
            print("fuzz: {profile:<12} {operations:>4} operations {cases:>6} cases {seconds:>5.0f}s  "
                  "failures {failures} (server errors {server_errors}, schema {schema_violations})".format(**figures),
                  flush=True)
    except Stopped as exc:
        print(f"fuzz: stopped by signal {exc.args[0]}", file=sys.stderr)
        sys.exit(128 + exc.args[0])
    finally:
        stop(children)
    errors = server_errors(ARTIFACTS / "server.log")
    for (path, frame, last), n in sorted(errors.items(), key=lambda kv: -kv[1]):
        print(f"fuzz: 500 x{n} {path}\n        {frame}\n        {last}")
    total = {k: sum(r[k] for r in results) for k in ("operations", "cases", "failures", "server_errors",
                                                       "schema_violations")}
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # seed, server, sandbox, st (all reaped by now)
    print("fuzz: total {operations} operations, {cases} cases, {failures} failures (server errors {server_errors}, "
          "schema violations {schema_violations}) in {s:.0f}s, {cpu:.0f} CPU-s".format(
              s=time.monotonic() - t0, cpu=usage.ru_utime + usage.ru_stime, **total))
    errors = sum(r["st_errors"] for r in results)
    if errors:
        print(f"fuzz: WARNING {errors} operations not fully tested: schemathesis errors (test-artifacts/fuzz/)")
    failed = sum(r["failed_operations"] for r in results)
    print(f"fuzz: {total['operations'] - failed} passed, {failed} failed")  # operations (the closing line CI reads)
    sys.exit(1 if total["failures"] or any(r["exit"] not in (0, 1) for r in results) else 0)


if __name__ == "__main__":
    main()
