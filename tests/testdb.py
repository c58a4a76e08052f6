"""The test database in a second: a copy of a migrated template database (CREATE DATABASE …
TEMPLATE, a file copy on the server) instead of running every migration again.

The template database is named after the migration state of every installed app (the same
hash tenants/provisioning.py keys the merchant schema template with), built the first time a
state is seen, and dropped when another state replaces it. A run with no template pays the
migrations once, like Django's own test database set-up, and leaves the template for the next.
"""

import psycopg
from django.conf import settings
from django.db import connection
from django.test.utils import setup_databases

from tenants import provisioning


def _server(dbname: str = "postgres"):
    s = connection.settings_dict
    kwargs = {k: v for k, v in (("host", s.get("HOST")), ("port", s.get("PORT")), ("user", s.get("USER")),
                                 ("password", s.get("PASSWORD"))) if v}
    return psycopg.connect(dbname=dbname, autocommit=True, **kwargs)


def _test_name() -> str:
    return connection.settings_dict.get("TEST", {}).get("NAME") or "test_" + connection.settings_dict["NAME"]


def setup() -> list:
    """Create the test database (from the template when it exists) and point `connection` at
    it. Returns Django's `old_config` for `teardown_databases`."""
    old_name, test_name = connection.settings_dict["NAME"], _test_name()
    with _server() as server:
        state = provisioning.migration_state(settings.INSTALLED_APPS, server.info.server_version // 10000)
        template = f"{test_name}_tpl_{state[:16]}"[:63]
        found = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if found:
            server.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
    if not found:
        old_config = setup_databases(verbosity=0, interactive=False)
        _keep_as_template(test_name, template)
        return old_config
    connection.close()
    settings.DATABASES["default"]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    return [(connection, old_name, True)]


def _keep_as_template(test_name: str, template: str) -> None:
    """Copy the freshly migrated test database as the template; drop the ones it replaces."""
    connection.close()  # CREATE DATABASE … TEMPLATE needs the source without sessions
    prefix = f"{test_name}_tpl_"
    with _server() as server:
        stale = server.execute("SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                               [prefix.replace("_", r"\_") + "%", template]).fetchall()
        for (name,) in stale:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # A pooler (PgBouncer) may keep server connections to the test database open.
        server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                       "AND pid <> pg_backend_pid()", [test_name])
        try:
            server.execute(f'CREATE DATABASE "{template}" TEMPLATE "{test_name}"')
        except psycopg.errors.DuplicateDatabase:  # a parallel run made it first
            pass
    connection.ensure_connection()


def teardown(old_config: list) -> None:
    """Drop the test database, even with a pooler's idle server connections still on it."""
    for conn, old_name, destroy in old_config:
        test_name = conn.settings_dict["NAME"]
        conn.close()
        settings.DATABASES[conn.alias]["NAME"] = old_name
        conn.settings_dict["NAME"] = old_name
        if destroy:
            with _server() as server:
                server.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
