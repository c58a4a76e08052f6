"""A merchant schema cloned from the template is the schema the tenant migrations make."""

import re
import time

import pytest
from django.db import connection

from tenants import provisioning

CATALOGUE = {
    "columns": """SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, ''),
                         is_identity, coalesce(identity_generation, '')
                  FROM information_schema.columns WHERE table_schema = %(s)s""",
    "indexes": "SELECT indexname, replace(indexdef, %(s)s, 'S') FROM pg_indexes WHERE schemaname = %(s)s",
    "constraints": """SELECT t.relname, c.conname, c.contype, replace(pg_get_constraintdef(c.oid), %(s)s, 'S'),
                             c.condeferrable, c.condeferred
                      FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                      JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = %(s)s""",
    "triggers": """SELECT t.tgname, replace(pg_get_triggerdef(t.oid), %(s)s, 'S') FROM pg_trigger t
                   JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace
                   WHERE n.nspname = %(s)s AND NOT t.tgisinternal""",
    "functions": """SELECT p.proname, md5(p.prosrc) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = %(s)s""",
}


def _same_up_to_casts(text: str) -> str:
    """pg_dump writes expressions as PostgreSQL decompiles them, and re-parsing `x IN (...)`
    puts its casts on the elements instead of the array: equal conditions, other text."""
    return re.sub(r"::[a-z ]+(\[\])?|[()\s]", "", text)


def _catalogue(schema: str) -> dict:
    found = {}
    with connection.cursor() as cur:
        for name, sql in CATALOGUE.items():
            cur.execute(sql, {"s": schema})
            found[name] = sorted(tuple(_same_up_to_casts(str(v).replace(f'"{schema}".', "").replace(f"{schema}.", ""))
                                       for v in row) for row in cur.fetchall())
        cur.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY app, name')
        found["migrations"] = cur.fetchall()
        cur.execute(f'SELECT app_label, model, id FROM "{schema}".django_content_type ORDER BY id')
        found["content_types"] = cur.fetchall()
    return found


def _drop(*schemas):
    with connection.cursor() as cur:
        for schema in schemas:
            cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.mark.django_db(transaction=True)
def test_a_clone_is_the_migrated_schema_and_takes_new_rows(settings, tmp_path, merchants):
    settings.SCHEMA_TEMPLATE_DIR = tmp_path
    assert not provisioning.is_current()
    try:
        provisioning.build(keep=True)  # the template stays: migrated by the real migrations
        assert provisioning.is_current()
        assert provisioning.clone("clone_probe")
        migrated, cloned = _catalogue(provisioning.TEMPLATE_SCHEMA), _catalogue("clone_probe")
        assert migrated["migrations"] and migrated["content_types"] and migrated["triggers"]
        for part in CATALOGUE.keys() | {"migrations", "content_types"}:
            assert cloned[part] == migrated[part], part
        with connection.cursor() as cur:  # identities continue where the template's stood
            cur.execute('INSERT INTO "clone_probe".django_content_type (app_label, model) VALUES (%s, %s) '
                        "RETURNING id", ["probe", "probe"])
            assert cur.fetchone()[0] == max(row[2] for row in migrated["content_types"]) + 1
    finally:
        _drop("clone_probe", provisioning.TEMPLATE_SCHEMA)


@pytest.mark.django_db
def test_inside_a_transaction_without_a_template_the_caller_migrates_instead(settings, tmp_path):
    settings.SCHEMA_TEMPLATE_DIR = tmp_path  # nothing built here, and pg_dump could not see the build
    assert connection.in_atomic_block
    assert provisioning.clone("never_made") is False
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'never_made'")
        assert cur.fetchone()[0] == 0
    with pytest.raises(RuntimeError):
        provisioning.build()


@pytest.mark.django_db
def test_the_migration_state_names_todays_migrations():
    assert provisioning.migration_state() == provisioning.migration_state()
    assert len(provisioning.migration_state()) == 24


def _spares() -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'spare_') ORDER BY nspname")
        return [name for (name,) in cur.fetchall()]


def test_a_spare_schema_becomes_the_merchant_and_the_worker_refills_the_pool(merchants, live_worker, settings):
    settings.SPARE_SCHEMAS = 1
    stale = "spare_000000000000_000"
    with connection.cursor() as cur:
        cur.execute(f'CREATE SCHEMA "{stale}"')  # a spare of other migrations: never handed out
    try:
        assert provisioning.refill_spares() == 1
        (spare,) = _spares()
        assert spare.startswith(provisioning._spare_prefix())  # and the stale one is gone
        expected = _catalogue(spare)
        assert provisioning.take_spare("from_spare")
        assert _catalogue("from_spare") == expected
        deadline = time.monotonic() + 90  # the refill task runs on the real worker after the commit
        while not _spares() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _spares() == [spare]
        with connection.cursor() as cur:
            cur.execute(f'DROP SCHEMA "{spare}" CASCADE')
        assert provisioning.take_spare("none_left") is False
    finally:
        _drop("from_spare", stale, *_spares())
