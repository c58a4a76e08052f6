"""django-tenants' PostgreSQL backend, correct behind a transaction-pooling PgBouncer.

django-tenants selects a merchant's schema with a session-level `SET search_path`. PgBouncer in
transaction mode lends a server connection for one transaction only, so a `SET` sent in
autocommit governs nothing that follows: the next statement may run on a server connection
another client left in another merchant's schema. With `TENANT_POOLED` true on the database
settings (`DATABASE_POOLED=1`, config/runtime.py), every statement carries its own search
path: the cursor sends `SET search_path = …; <statement>` as one query string, which the
server runs as one implicit transaction on one server connection, and returns the statement's
result. `executemany` runs the `SET` and the batch inside one transaction. Without
`TENANT_POOLED` the backend is django-tenants' own. Migrations connect to PostgreSQL directly
(`CREATE INDEX CONCURRENTLY` and the like cannot run in a multi-statement query).
tests/test_pooling.py proves it through a real PgBouncer with a one-connection pool.
"""

import re

from django.db.backends.postgresql.base import Cursor
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper
from django_tenants.utils import get_public_schema_name, quote_schema_name
from psycopg import sql

_TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET)\b", re.IGNORECASE)


class SearchPathCursor(Cursor):
    """A client-side-binding cursor that prefixes each statement with its search path."""

    search_path: str | None = None

    def execute(self, query, params=None, **kwargs):
        if isinstance(query, sql.Composable):
            query = query.as_string(self)
        if isinstance(query, bytes):
            query = query.decode()
        if self.search_path is None or _TRANSACTION_CONTROL.match(query):
            # ROLLBACK TO SAVEPOINT must run alone: in an aborted transaction a SET would fail.
            return super().execute(query, params, **kwargs)
        prefix = f"SET search_path = {self.search_path}; "
        super().execute(prefix + query, params, **kwargs)
        self.nextset()  # the statement's own result, not the SET's
        return self

    def executemany(self, query, params_seq, **kwargs):
        if self.search_path is None:
            return super().executemany(query, params_seq, **kwargs)
        with self.connection.transaction():
            super().execute(f"SET LOCAL search_path = {self.search_path}")
            return super().executemany(query, params_seq, **kwargs)


class DatabaseWrapper(TenantDatabaseWrapper):
    @property
    def pooled(self) -> bool:
        return bool(self.settings_dict.get("TENANT_POOLED"))

    def get_connection_params(self):
        params = super().get_connection_params()
        if self.pooled:
            params["cursor_factory"] = SearchPathCursor
        return params

    def _handle_search_path(self, cursor=None):
        if not self.pooled:
            return super()._handle_search_path(cursor)
        if cursor is None:  # a named cursor: one statement, declared in a transaction of its own
            return super()._handle_search_path(cursor)
        schemas = self._get_cursor_search_paths() if self.schema_name else [get_public_schema_name()]
        raw = getattr(cursor, "cursor", cursor)  # under Django's CursorWrapper, the psycopg cursor
        raw.search_path = ",".join(quote_schema_name(schema) for schema in schemas)
