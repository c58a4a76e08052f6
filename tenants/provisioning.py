"""A merchant schema in a fraction of a second: clone a migrated template instead of migrating.

Running the tenant migrations for a new schema takes ~11 s; replaying the SQL that pg_dump
wrote of a migrated template schema takes a fraction of that. The template is built once per
*migration state* (a hash of every app's migration files, Django's version and the
server's major version) and kept as SQL under `SCHEMA_TEMPLATE_DIR`, so every process, the
test suite and `bin/start` share it; when a migration changes, the state changes and the next
clone builds a new template first. The dump carries the rows the migrations wrote
(`django_migrations`, content types) and the sequences' positions, so a clone is exactly a
migrated schema: `tests/test_provisioning.py` compares the two in the catalogue.

Faster still, a few *spare* schemas are cloned ahead of need (`SPARE_SCHEMAS`, refilled by the
`tenants.tasks.refill_spare_schemas` task after each use and by `schema_template`): provisioning
then only renames one (`ALTER SCHEMA … RENAME`, transactional, milliseconds). Spares carry the
migration state in their name, so a spare of older migrations is never handed out.

Building needs a committed schema that pg_dump (another connection) can see, so it runs only
outside a transaction; a clone requested inside one with no template ready falls back to the
plain migrations (`Merchant.create_schema`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from celery import current_app
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

TEMPLATE_SCHEMA = "merchant_template"
_BUILD_LOCK = 0x7E3A_0001  # pg_advisory_lock key: one builder per database at a time
# pg_dump's session settings, psql meta-commands and the schema's own DDL are not replayed:
# the clone runs inside the caller's session and creates its schema itself.
_SKIP = re.compile(r"^(--|SET |SELECT pg_catalog\.set_config|\\|CREATE SCHEMA |ALTER SCHEMA |COMMENT ON SCHEMA )")
_QUALIFIED = re.compile(rf"(?<![\w\"]){TEMPLATE_SCHEMA}(?=\.)")


def enabled() -> bool:
    return getattr(settings, "SCHEMA_TEMPLATE", True)


def _cache_dir() -> Path:
    return Path(getattr(settings, "SCHEMA_TEMPLATE_DIR", Path(settings.BASE_DIR) / ".var" / "schema-templates"))


def _server_major() -> int:
    connection.ensure_connection()
    return connection.connection.info.server_version // 10000


def migration_state(app_names=None, server_major: int | None = None) -> str:
    """What a freshly migrated schema looks like, as a hash: the migration files (names and
    contents) of every installed app (a merchant schema records the shared apps' migrations
    too), Django's version and the server's major version (default: the one `connection`
    reaches). `app_names` (dotted) narrows the apps."""
    names = settings.INSTALLED_APPS if app_names is None else app_names
    labels = {c.label for c in apps.get_app_configs() if c.name in names}
    loader = MigrationLoader(None, ignore_no_migrations=True, load=False)
    loader.load_disk()
    digest = hashlib.sha256(f"{django.get_version()}|pg{server_major or _server_major()}".encode())
    for label, name in sorted(k for k in loader.disk_migrations if k[0] in labels):
        module = sys.modules[type(loader.disk_migrations[label, name]).__module__]
        digest.update(f"{label}.{name}".encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:24]


def _template_path(state: str) -> Path:
    return _cache_dir() / f"{state}.sql"


def _pg_dump() -> str:
    """A pg_dump at least as new as the server: the embedded server's own, else one on PATH."""
    major = _server_major()
    candidates = [str(Path(p) / "pg_dump") for p in (os.environ.get("PGSERVER_BIN", ""),) if p]
    try:
        import pgserver  # noqa: PLC0415 - optional: the embedded server ships its own binaries

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / "pg_dump"))
    except ImportError:  # pragma: no cover - pgserver is in requirements/base.txt
        pass
    candidates.append(shutil.which("pg_dump") or "")
    for path in filter(None, candidates):
        try:
            out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout
        except OSError:
            continue
        found = re.search(r"(\d+)\.", out)
        if found and int(found.group(1)) >= major:
            return path
    raise RuntimeError(f"no pg_dump for PostgreSQL {major} found")


def _dump(schema: str) -> str:
    db = connection.settings_dict
    args = [_pg_dump(), "--schema", schema, "--no-owner", "--no-privileges", "--no-comments",
            "--inserts", "--rows-per-insert=500", "--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode:
        raise RuntimeError(f"pg_dump failed: {done.stderr.strip()}")
    return "\n".join(line for line in done.stdout.splitlines() if not _SKIP.match(line)).strip() + "\n"


def build(*, keep: bool = False) -> Path:
    """Migrate the template schema, dump it as the clone script for this migration state, then
    drop it (unless `keep`). Idempotent and safe against parallel builders."""
    if connection.in_atomic_block:
        raise RuntimeError("the schema template is built outside a transaction")
    state = migration_state()
    path = _template_path(state)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_lock(%s)", [_BUILD_LOCK])
    try:
        if not path.exists() or keep:
            with connection.cursor() as cur:
                cur.execute(f'DROP SCHEMA IF EXISTS "{TEMPLATE_SCHEMA}" CASCADE')
                cur.execute(f'CREATE SCHEMA "{TEMPLATE_SCHEMA}"')
            call_command("migrate_schemas", tenant=True, schema_name=TEMPLATE_SCHEMA, interactive=False, verbosity=0)
            connection.set_schema_to_public()
            script = _dump(TEMPLATE_SCHEMA)
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as tmp:
                tmp.write(script)
            os.replace(tmp.name, path)
            if not keep:
                with connection.cursor() as cur:
                    cur.execute(f'DROP SCHEMA "{TEMPLATE_SCHEMA}" CASCADE')
    finally:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", [_BUILD_LOCK])
    return path


def is_current() -> bool:
    """Whether the clone script for today's migrations exists (`schema_template --check`)."""
    return _template_path(migration_state()).exists()


def _spare_prefix(state: str | None = None) -> str:
    return f"spare_{(state or migration_state())[:12]}_"


def take_spare(schema_name: str) -> bool:
    """Rename a spare schema of today's migrations to `schema_name`; False when none is free.
    A spare another transaction is taking is skipped (its advisory lock is held)."""
    with transaction.atomic(), connection.cursor() as cur:  # the lock holds until the rename commits
        cur.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname",
                    [_spare_prefix()])
        for (spare,) in cur.fetchall():
            cur.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [spare])
            if not cur.fetchone()[0]:
                continue
            cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [spare])
            if cur.fetchone():  # not taken by a transaction that committed before our lock
                cur.execute(f'ALTER SCHEMA "{spare}" RENAME TO "{schema_name}"')
                transaction.on_commit(lambda: current_app.send_task("tenants.tasks.refill_spare_schemas"))
                return True
    return False


def refill_spares(target: int | None = None) -> int:
    """Clone spares until `target` (default SPARE_SCHEMAS) of today's state exist, and drop the
    spares of other states. Returns how many were made."""
    target = getattr(settings, "SPARE_SCHEMAS", 0) if target is None else target
    prefix = _spare_prefix()
    made = 0
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'spare_')")
        spares = [name for (name,) in cur.fetchall()]
        for stale in (name for name in spares if not name.startswith(prefix)):
            cur.execute(f'DROP SCHEMA IF EXISTS "{stale}" CASCADE')
        have = {name for name in spares if name.startswith(prefix)}
        n = 0
        while len(have) < target:
            name = f"{prefix}{n:03d}"
            n += 1
            if name not in have and clone(name, use_spare=False):
                have.add(name)
                made += 1
    return made


def clone(schema_name: str, *, use_spare: bool = True) -> bool:
    """Create `schema_name` as a copy of the migrated template: a spare renamed when one is
    free, else the template's SQL replayed. False (nothing done) when no template is ready and
    none can be built here, inside a transaction."""
    if use_spare and take_spare(schema_name):
        return True
    path = _template_path(migration_state())
    if not path.exists():
        if connection.in_atomic_block:
            return False
        build()
    script = _QUALIFIED.sub(f'"{schema_name}"', path.read_text())
    with connection.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{schema_name}"')
        cur.execute(script)
    connection.set_schema_to_public()
    return True
