"""Provision N merchants the way onboarding does, and print what it costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tourism_bench_tenants \\
        .venv/bin/python benchmarks/tenants/run.py [--merchants 200 | --thousand] [--keep]

Prints, in one run on one database: seconds for one schema by the tenant migrations (the
baseline) and by cloning the template, the ratio, seconds per merchant for each tenth of the
run (how it grows with N), the catalogue size (pg_class rows), the memory of one backend after
touching every schema, and the time of a no-op `migrate_schemas --tenant` over all of them,
sequential and with the multiprocessing executor. Bench merchants are dropped at the end
unless --keep. The database is created and migrated when missing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tourism_bench_tenants")


def _ensure_database():
    import psycopg  # noqa: PLC0415 - before Django connects

    url = os.environ["DATABASE_URL"]
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--merchants", type=int, default=200)
    parser.add_argument("--thousand", action="store_true", help="provision 1,000 merchants")
    parser.add_argument("--keep", action="store_true", help="keep the bench merchants")
    args = parser.parse_args()
    n = 1000 if args.thousand else args.merchants
    _ensure_database()

    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import override_settings  # noqa: PLC0415

    from tenants import provisioning  # noqa: PLC0415
    from tenants.models import Merchant  # noqa: PLC0415

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    Merchant.objects.get_or_create(schema_name="public", defaults={"name": "平台", "kind": "platform"})
    Merchant.objects.filter(schema_name__startswith="bench_").delete()
    _drop_bench_schemas(connection)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_class")
        classes_before = cur.fetchone()[0]

    started = time.perf_counter()
    built = not provisioning.is_current()
    provisioning.build()
    print(f"template: {'built' if built else 'current'} in {time.perf_counter() - started:.2f} s "
          f"({provisioning.migration_state()})")

    spares = min(n, 20)
    provisioning.refill_spares(target=spares)
    taken = []
    with override_settings(SPARE_SCHEMAS=0):  # no refill task: measure the rename alone
        for i in range(spares):
            t0 = time.perf_counter()
            Merchant(schema_name=f"bench_spare_{i:03d}", name=f"spare {i}", kind="scenic").save(verbosity=0)
            taken.append(time.perf_counter() - t0)
    print(f"one schema from a spare (rename): median {statistics.median(taken) * 1000:.1f} ms over {spares}")

    with override_settings(SCHEMA_TEMPLATE=False):
        t0 = time.perf_counter()
        Merchant(schema_name="bench_migrated", name="bench", kind="scenic").save(verbosity=0)
        migrated = time.perf_counter() - t0
    per = []
    for i in range(n):
        t0 = time.perf_counter()  # the pool is empty now: each of these replays the template's SQL
        Merchant(schema_name=f"bench_{i:04d}", name=f"bench {i}", kind="scenic").save(verbosity=0)
        per.append(time.perf_counter() - t0)
    cloned = statistics.median(per)
    print(f"one schema by migrations: {migrated:.2f} s; by clone: median {cloned:.3f} s, "
          f"p95 {sorted(per)[int(len(per) * 0.95) - 1]:.3f} s; ratio clone/migrations {cloned / migrated:.3f}")
    tenth = max(1, n // 10)
    growth = [statistics.mean(per[i:i + tenth]) for i in range(0, n, tenth)]
    print("seconds per merchant by tenth of the run: " + " ".join(f"{g:.3f}" for g in growth))
    print(f"total {sum(per):.1f} s for {n} merchants ({n / sum(per):.1f} merchants/s)")

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_class")
        classes = cur.fetchone()[0]
        for i in range(n):
            cur.execute(f'SELECT count(*) FROM "bench_{i:04d}".catalog_product')
        cur.execute("SELECT sum(total_bytes) FROM pg_backend_memory_contexts")
        memory = cur.fetchone()[0]
    per_merchant = (classes - classes_before) / (n + 1 + spares)
    print(f"pg_class rows: {classes_before} before, {classes} after (+{per_merchant:.0f} "
          f"per merchant); one backend after touching every schema: {memory / 2**20:.1f} MiB")

    connection.set_schema_to_public()
    for executor in ("standard", "multiprocessing"):
        t0 = time.perf_counter()
        call_command("migrate_schemas", tenant=True, executor=executor, interactive=False, verbosity=0)
        print(f"no-op migrate_schemas --tenant over {n + 1} merchants ({executor}): {time.perf_counter() - t0:.1f} s")

    if not args.keep:
        Merchant.objects.filter(schema_name__startswith="bench_").delete()
        _drop_bench_schemas(connection)
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _drop_bench_schemas(connection):
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%' OR nspname LIKE 'spare\\_%'")
        for (schema,) in cur.fetchall():
            cur.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
