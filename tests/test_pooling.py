"""Behind PgBouncer in transaction mode, every statement runs in its own merchant's schema.

A real PgBouncer with ONE server connection, two threads for two merchants taking turns on it:
with the pooled backend (tenants/postgresql/base.py) each sees only its own schema, and the
control run with django-tenants' session-level `SET search_path` shows the leak it prevents."""

import os
import threading

import pytest
from django.db import connection

from tenants.postgresql.base import DatabaseWrapper
from tests.builders import pgbouncer as pgbouncer_builder

pytestmark = pytest.mark.skipif(not pgbouncer_builder.available(),
                                reason="pgbouncer is not installed (bin/setup-browser installs it)")


@pytest.fixture
def pgbouncer():
    """A real PgBouncer with ONE server connection, in front of the test database's server."""
    db = connection.settings_dict
    if str(db["HOST"]).startswith("/") and os.geteuid() == 0:
        pytest.skip("the embedded server listens on a private socket that PgBouncer, run as nobody, cannot reach")
    with pgbouncer_builder.running(db["HOST"], db["PORT"], db["USER"], pool_size=1) as port:
        yield port


def _through(port: int, pooled: bool):
    """A new connection of the project's backend to the test database through PgBouncer."""
    def connect() -> DatabaseWrapper:
        return DatabaseWrapper({**connection.settings_dict, "HOST": "127.0.0.1", "PORT": port, "CONN_MAX_AGE": 0,
                                "TENANT_POOLED": pooled, "DISABLE_SERVER_SIDE_CURSORS": True}, alias=f"pooled_{pooled}")
    return connect


def _take_turns(connect, rounds: int = 30) -> dict[str, list[str]]:
    """Two merchants' threads, alternating statement by statement on the one server connection."""
    turn = threading.Barrier(2)
    seen: dict[str, list[str]] = {}

    def run(schema: str):
        conn = connect()
        conn.set_schema(schema)
        rows = []
        try:
            for _ in range(rounds):
                turn.wait(timeout=30)
                with conn.cursor() as cur:
                    cur.execute("SELECT current_schema()")
                    rows.append(cur.fetchone()[0])
        finally:
            conn.close()
        seen[schema] = rows

    threads = [threading.Thread(target=run, args=(schema,)) for schema in ("alpha", "beta")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return seen


@pytest.mark.django_db(transaction=True)
def test_each_merchant_sees_only_its_schema_through_one_pooled_server_connection(merchants, pgbouncer):
    seen = _take_turns(_through(pgbouncer, pooled=True))
    assert seen["alpha"] == ["alpha"] * 30 and seen["beta"] == ["beta"] * 30


@pytest.mark.django_db(transaction=True)
def test_control_a_session_level_search_path_leaks_across_pooled_clients(merchants, pgbouncer, settings):
    settings.TENANT_LIMIT_SET_CALLS = True  # the base settings: SET once per tenant switch
    seen = _take_turns(_through(pgbouncer, pooled=False))
    assert seen["alpha"].count("beta") + seen["beta"].count("alpha") > 0  # the leak this backend prevents


@pytest.mark.django_db(transaction=True)
def test_batches_and_reads_land_in_their_schema(merchants, pgbouncer):
    conn = _through(pgbouncer, pooled=True)()
    try:
        conn.set_schema("beta")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO django_content_type (app_label, model) VALUES (%s, %s)",
                            [("pool_probe", "a"), ("pool_probe", "b")])
            cur.execute("SELECT count(*) FROM django_content_type WHERE app_label = %s", ["pool_probe"])
            assert cur.fetchone()[0] == 2
        conn.set_schema("alpha")
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM django_content_type WHERE app_label = %s", ["pool_probe"])
            assert cur.fetchone()[0] == 0
    finally:
        conn.set_schema("beta")
        with conn.cursor() as cur:
            cur.execute("DELETE FROM django_content_type WHERE app_label = %s", ["pool_probe"])
        conn.close()
