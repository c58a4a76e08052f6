"""Cross-merchant checkout benchmark: HTTP orders/s through gunicorn vs the bare reserve SQL
in pgbench, on the same PostgreSQL. Prints figures; asserts nothing except zero oversell.

    .venv/bin/python benchmarks/checkout/run.py [--seconds 20] [--concurrency 16]

DATABASE_URL / REDIS_URL are used when set (the database name is replaced by tourism_bench),
else the embedded PostgreSQL and Redis of config/runtime.py. tourism_bench is dropped and
recreated on every run; nothing else is dropped. See benchmarks/README.md.
"""

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.checkout.cpu import CpuMeter  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
BENCH_DB = "tourism_bench"
BENCH_SETTINGS = "benchmarks.checkout.bench_settings"
PG_BIN = ROOT / ".venv/lib/python3.11/site-packages/pgserver/pginstall/bin"
HOT_SHARE, CROSS_SHARE = 0.20, 0.10


# ---- database and environment -------------------------------------------------------------------

def bench_env() -> tuple[dict, dict]:
    """(env for child processes, facts about the database server)."""
    from config import runtime

    env = dict(os.environ)
    url = os.environ.get("DATABASE_URL")
    if url:
        parts = urlsplit(url)
        bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
        facts = {"kind": "external", "host": parts.hostname or "", "port": str(parts.port or 5432),
                 "user": parts.username or "postgres", "password": parts.password or "",
                 "datadir": _external_datadir()}
    else:
        socket_dir = runtime.start_embedded_postgres()
        bench_url = f"postgres://postgres@{quote(socket_dir, safe='')}/{BENCH_DB}"
        facts = {"kind": "embedded", "host": socket_dir, "port": "5432", "user": "postgres", "password": "",
                 "datadir": socket_dir}
    env.update(DATABASE_URL=bench_url, REDIS_URL=runtime.redis_url(), DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
               CACHE_KEY_PREFIX="bench", LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))
    return env, facts


def _external_datadir() -> str:
    found = sorted(Path("/var/lib/postgresql").glob("*/main/postmaster.pid"))
    return str(found[-1].parent) if found else ""


def pg_connect(facts: dict, dbname: str):
    import psycopg

    return psycopg.connect(host=facts["host"], port=facts["port"], user=facts["user"],
                           password=facts["password"] or None, dbname=dbname, autocommit=True)


def recreate_database(facts: dict) -> str:
    with pg_connect(facts, "postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        return conn.execute("SHOW server_version").fetchone()[0]


def run(cmd: list[str], env: dict) -> None:
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"FAILED: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


# ---- gunicorn -------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
           "--chdir", str(ROOT), "--timeout", "60", "--log-level", "warning",
           "--env", f"DJANGO_SETTINGS_MODULE={BENCH_SETTINGS}"]
    log = open(Path(tempfile.gettempdir()) / "bench-gunicorn.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "localhost"})
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited, see {log.name}")
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"gunicorn did not answer /healthz in 60 s, see {log.name}")


def stop_gunicorn(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---- HTTP load ------------------------------------------------------------------------------------

def client_worker(wid: int, port: int, data: dict, tokens: list[str], start_at: float, stop_at: float, out) -> None:
    rng = random.Random(wid)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    rows, samples, n = [], [], 0
    cpu0 = time.process_time()
    while time.time() < start_at:
        time.sleep(0.001)
    while time.time() < stop_at:
        hot = rng.random() < HOT_SHARE
        items = [{"merchant": "bscenic", "product_id": data["hot"] if hot else rng.choice(data["skus"]),
                  "quantity": 1, "day": data["day"]}]
        cross = rng.random() < CROSS_SHARE
        if cross:
            items.append({"merchant": "bhotel", "product_id": data["room"], "quantity": 1, "day": data["day"],
                          "nights": 1})
        headers = {"Host": "localhost", "Content-Type": "application/json",
                   "Authorization": f"Bearer {tokens[n % len(tokens)]}", "Idempotency-Key": uuid.uuid4().hex}
        n += 1
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/checkouts/", json.dumps({"items": items}), headers)
            resp = conn.getresponse()
            body = resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            status, body = 0, repr(exc).encode()
        ms = 1000 * (time.perf_counter() - t0)
        code = ""
        if status != 201:
            try:
                code = json.loads(body).get("code", "")
            except ValueError:
                code = ""
        ok = status == 201 or (status == 409 and code == "sold_out" and hot)
        if not ok and len(samples) < 3:
            samples.append(f"{status} {body[:300]!r}")
        rows.append((ms, status, code, hot, cross))
    conn.close()
    out.put({"rows": rows, "samples": samples, "cpu_s": time.process_time() - cpu0})


def http_load(port: int, data: dict, seconds: float, concurrency: int) -> tuple[list, list, float, float]:
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    tokens = data["tokens"]
    start_at = time.time() + 1.0
    procs = [ctx.Process(target=client_worker, args=(i, port, data, tokens[i::concurrency] or tokens, start_at,
                                                     start_at + seconds, out)) for i in range(concurrency)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    rows = [r for res in results for r in res["rows"]]
    samples = [s for res in results for s in res["samples"]]
    return rows, samples, sum(res["cpu_s"] for res in results), start_at


def warm_up(port: int, data: dict, n: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(n):
        body = {"items": [{"merchant": "bscenic", "product_id": data["skus"][i % 100], "quantity": 1,
                           "day": data["day"]}]}
        conn.request("POST", "/api/v1/checkouts/", json.dumps(body),
                     {"Host": "localhost", "Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex,
                      "Authorization": f"Bearer {data['tokens'][i % len(data['tokens'])]}"})
        resp = conn.getresponse()
        text = resp.read()
        if resp.status != 201:
            raise SystemExit(f"warm-up checkout failed: {resp.status} {text[:500]!r}")
    conn.close()


def pct(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    return sorted_ms[min(len(sorted_ms) - 1, int(round(p / 100 * (len(sorted_ms) - 1))))]


# ---- database checks and pgbench ------------------------------------------------------------------

def db_checks(facts: dict, data: dict) -> dict:
    with pg_connect(facts, BENCH_DB) as conn:
        over = sum(conn.execute(
            f"SELECT coalesce(sum(greatest(0, held + sold - capacity)), 0) FROM {schema}.inventory_capacityslot"
        ).fetchone()[0] for schema in ("bscenic", "bhotel"))
        hot_lines = conn.execute("SELECT coalesce(sum(quantity), 0) FROM bscenic.orders_orderline "
                                 "WHERE product_id = %s", [data["hot"]]).fetchone()[0]
        hot_slot = conn.execute("SELECT held, sold, capacity FROM bscenic.inventory_capacityslot WHERE id = %s",
                                [data["hot_slot"]]).fetchone()
        checkouts = conn.execute("SELECT count(*) FROM checkout_checkout").fetchone()[0]
    return {"oversell": over, "hot_lines": hot_lines, "hot_slot": hot_slot, "checkouts": checkouts}


def pgbench(facts: dict, data: dict, seconds: int, concurrency: int) -> dict:
    slots = sorted(data["sku_slots"])
    if slots != list(range(slots[0], slots[0] + len(slots))):
        raise SystemExit("SKU slot ids are not contiguous; pgbench_reserve.sql picks random(:lo, :hi)")
    exe = "/usr/bin/pgbench" if facts["kind"] == "external" else str(PG_BIN / "pgbench")
    if not Path(exe).exists():
        exe = shutil.which("pgbench") or str(PG_BIN / "pgbench")
    cmd = [exe, "-n", "-c", str(concurrency), "-j", "2", "-T", str(seconds), "-f", str(HERE / "pgbench_reserve.sql"),
           "-D", f"lo={slots[0]}", "-D", f"hi={slots[-1]}", "-h", facts["host"], "-p", facts["port"],
           "-U", facts["user"], BENCH_DB]
    env = dict(os.environ, PGPASSWORD=facts["password"]) if facts["password"] else dict(os.environ)
    meter = CpuMeter(facts["datadir"])
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    meter.start()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    cpu = meter.stop()
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"pgbench failed:\n{proc.stdout}\n{proc.stderr}")
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", proc.stdout)
    lat = re.search(r"latency average = ([\d.]+) ms", proc.stdout)
    tx = re.search(r"number of transactions actually processed: (\d+)", proc.stdout)
    ver = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.strip()
    cpu["client_s"] = ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime
    return {"tps": float(tps.group(1)), "latency_ms": float(lat.group(1)) if lat else None, "exe": exe,
            "version": ver, "tx": int(tx.group(1)) if tx else 0, "cpu": cpu}


# ---- main -----------------------------------------------------------------------------------------

def print_cpu(cpu: dict, units: int, unit: str, client_s: float) -> None:
    busy, total = cpu["busy_s"], cpu["total_s"]
    per = lambda s: f"{1000 * s / max(1, units):.2f} ms/{unit}"  # noqa: E731
    print(f"machine           {busy:.1f} of {total:.1f} CPU-s busy ({100 * busy / total:.0f}%)")
    if cpu["gunicorn_s"]:
        print(f"gunicorn          {cpu['gunicorn_s']:.1f} s  ({per(cpu['gunicorn_s'])})")
    if cpu["postgres_s"] is not None:
        print(f"postgres          {cpu['postgres_s']:.1f} s  ({per(cpu['postgres_s'])})")
    print(f"load generator    {client_s:.1f} s  ({per(client_s)})")
    other = busy - cpu["gunicorn_s"] - (cpu["postgres_s"] or 0) - client_s
    tops = ", ".join(f"{c} {v:.1f}" for v, c in cpu["others"])
    print(f"rest              {other:.1f} s  (kernel, redis, other processes{': ' + tops if tops else ''})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers")
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--conn-max-age", type=int, default=None,
                    help="override CONN_MAX_AGE in gunicorn (default: the project's value, 0)")
    args = ap.parse_args()

    env, facts = bench_env()
    if args.conn_max_age is not None:
        env["BENCH_CONN_MAX_AGE"] = str(args.conn_max_age)
    load_before = os.getloadavg()
    version = recreate_database(facts)
    print(f"# checkout benchmark  {time.strftime('%Y-%m-%d %H:%M:%S %z')}")
    print(f"machine: nproc={os.cpu_count()}  loadavg before={load_before[0]:.2f}  "
          f"postgres {version} ({facts['kind']}, {facts['host']}:{facts['port']})  db={BENCH_DB}")
    print(f"load: {args.seconds}s, {args.concurrency} clients, gunicorn {args.workers} sync workers, "
          f"CONN_MAX_AGE={args.conn_max_age or 0}, {args.users} users; "
          f"mix {HOT_SHARE:.0%} hot SKU, {CROSS_SHARE:.0%} + hotel room")

    t0 = time.time()
    run([PY, "manage.py", "migrate_schemas", "--shared", "--noinput", "-v", "0"],
        dict(env, DJANGO_SETTINGS_MODULE="config.settings.dev"))
    with tempfile.NamedTemporaryFile(suffix=".json") as fh:
        run([PY, str(HERE / "setup_data.py"), fh.name, "--users", str(args.users)], env)
        data = json.loads(Path(fh.name).read_text())
    print(f"setup: {time.time() - t0:.1f}s (migrate, 2 merchants, {len(data['skus'])}+1 ticket SKUs, 1 room, "
          f"{len(data['tokens'])} users)")
    for name, p in data["probe"].items():
        print(f"in-process probe ({name}, 1 thread, {p['n']} sequential): {p['wall_ms']:.1f} ms/checkout, "
              f"{p['queries']:.0f} SQL statements, {p['sql_ms']:.1f} ms waiting on SQL")

    gun, port = start_gunicorn(env, args.workers)
    try:
        warm_up(port, data, 4 * args.workers)
        before = db_checks(facts, data)
        meter = CpuMeter(facts["datadir"], gun.pid)
        meter.start()
        rows, samples, client_cpu, _ = http_load(port, data, args.seconds, args.concurrency)
        cpu = meter.stop()
    finally:
        stop_gunicorn(gun)
    after = db_checks(facts, data)

    ok = [r for r in rows if r[1] == 201]
    sold_out = [r for r in rows if r[1] == 409 and r[2] == "sold_out" and r[3]]
    errors = len(rows) - len(ok) - len(sold_out)
    lat, lat_ok = sorted(r[0] for r in rows), sorted(r[0] for r in ok)
    ops, rps = len(ok) / args.seconds, len(rows) / args.seconds
    hot_ok = sum(1 for r in ok if r[3])
    held, sold, cap = after["hot_slot"]
    print("\n## HTTP  POST /api/v1/checkouts/")
    print(f"requests          {len(rows)}  ({rps:.1f}/s)")
    print(f"orders/s (201)    {ops:.1f}   ({len(ok)} checkouts, {sum(1 for r in ok if r[4])} cross-merchant)")
    print(f"latency all ms    p50 {pct(lat, 50):.1f}  p95 {pct(lat, 95):.1f}  p99 {pct(lat, 99):.1f}  "
          f"max {lat[-1] if lat else float('nan'):.1f}")
    print(f"latency 201 ms    p50 {pct(lat_ok, 50):.1f}  p95 {pct(lat_ok, 95):.1f}  p99 {pct(lat_ok, 99):.1f}")
    print(f"sold_out (409)    {len(sold_out)}")
    print(f"errors            {errors}")
    for s in samples[:5]:
        print(f"  sample: {s}")
    print(f"checkout rows     +{after['checkouts'] - before['checkouts']} in the DB (expect {len(ok)})")
    print(f"OVERSELL          {after['oversell']}  (sum over slots of max(0, held + sold - capacity))")
    print(f"hot SKU           {hot_ok} HTTP 201s in the run, {after['hot_lines']} units in order lines, "
          f"slot held {held} + sold {sold} of capacity {cap}  -> {'OK' if after['hot_lines'] <= cap else 'OVERSOLD'}")
    print("\n## CPU during the HTTP run")
    print_cpu(cpu, len(ok), "order", client_cpu)

    bench = pgbench(facts, data, args.seconds, args.concurrency)
    print(f"\n## pgbench  ({bench['version']}, -c {args.concurrency} -j 2 -T {args.seconds}, pgbench_reserve.sql)")
    print(f"tps               {bench['tps']:.1f}   (latency average {bench['latency_ms']} ms)")
    print_cpu(bench["cpu"], bench["tx"], "tx", bench["cpu"]["client_s"])
    ratio = ops / bench["tps"] if bench["tps"] else float("nan")
    print(f"\nRATIO HTTP orders/s / pgbench tps = {ops:.1f} / {bench['tps']:.1f} = {ratio:.4f}")
    interpret(args, data, cpu, bench, ops, rps, lat, len(ok), sold_out_at_end=held + sold >= cap)


def interpret(args, data, cpu, bench, ops, rps, lat, n_ok, sold_out_at_end) -> None:
    p, px = data["probe"]["single"], data["probe"]["cross"]
    web_ms = 1000 * cpu["gunicorn_s"] / max(1, n_ok)
    pg_ms = 1000 * (cpu["postgres_s"] or 0) / max(1, n_ok)
    pg_tx_ms = 1000 * (bench["cpu"]["postgres_s"] or 0) / max(1, bench["tx"])
    busy = cpu["busy_s"] / cpu["total_s"]
    print("\n## Interpretation")
    print(
        f"The bare reserve (conditional UPDATE + hold INSERT, one transaction, persistent connections) runs at "
        f"{bench['tps']:.0f} tps; the HTTP checkout reaches {ops:.0f} orders/s, {ratio_txt(ops, bench['tps'])} "
        f"of that. The reserve itself is a small part of a checkout: in-process a one-merchant checkout costs "
        f"{p['wall_ms']:.0f} ms and {p['queries']:.0f} SQL statements ({p['sql_ms']:.0f} ms of it waiting on SQL), "
        f"a two-merchant one {px['wall_ms']:.0f} ms and {px['queries']:.0f} statements (for one merchant: ~14 "
        f"BEGIN/SAVEPOINT/RELEASE/COMMIT of nested atomic blocks, 3 SET search_path, ~22 real queries: user, "
        f"idempotency record, merchant, checkout + event, product, price, slot, order + line, reserve + hold, "
        f"order event, order index, part), the rest is Python: JWT, DRF validation/serialisation, ORM. "
        f"Under load each order costs {web_ms:.1f} ms of gunicorn CPU and {pg_ms:.1f} ms of PostgreSQL CPU "
        f"(vs {pg_tx_ms:.2f} ms per pgbench reserve"
        + ("; CONN_MAX_AGE=0 also makes every request open a new connection, i.e. fork a new backend). "
           if not args.conn_max_age else "). ")
        + (f"The {os.cpu_count()} cores were {busy:.0%} busy, so the run is CPU-bound: gunicorn, PostgreSQL and "
           f"the load generator compete for the same cores, and orders/s ~ cores / (CPU ms per order), "
           f"not row-lock contention. " if busy >= 0.85 else
           f"The cores were only {busy:.0%} busy, so something else (workers, locks, I/O) limits throughput. ")
        + ("The hot SKU sold out during the run; its later requests did the same work up to the reserve, "
           "then rolled back with 409 sold_out. "
           if sold_out_at_end else "The hot SKU did not sell out in this run. ")
        + f"Latency is mostly queueing: {args.concurrency} clients over {args.workers} sync workers; by Little's "
          f"law mean latency ~ clients / requests/s = {1000 * args.concurrency / max(rps, 1e-9):.0f} ms "
          f"(measured p50 {pct(lat, 50):.0f} ms)."
    )


def ratio_txt(a: float, b: float) -> str:
    return f"{a / b:.1%}" if b else "n/a"


if __name__ == "__main__":
    main()
