"""The embedded path (no DATABASE_URL / REDIS_URL) must keep working even when CI uses real servers."""

import psycopg
import redis

from config import runtime


def test_external_urls_win(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5433/tourism")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6380/2")
    cfg = runtime.database_config()
    assert (cfg["HOST"], cfg["PORT"], cfg["NAME"]) == ("db.example", 5433, "tourism")
    assert cfg["ENGINE"] == "django_tenants.postgresql_backend"
    assert runtime.redis_url() == "redis://cache.example:6380/2"


def test_embedded_servers_start_reuse_and_answer(tmp_path):
    socket_dir = runtime.start_embedded_postgres(tmp_path)
    try:
        assert runtime.start_embedded_postgres(tmp_path) == socket_dir  # reused, not restarted
        with psycopg.connect(dbname="tourism", user="postgres", host=socket_dir) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        import pgserver

        server = pgserver.get_server(socket_dir)
        server.cleanup_mode = "stop"  # the platform leaves it running; the test stops its own
        server.cleanup()
    port = runtime.start_embedded_redis(tmp_path)
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        assert runtime.start_embedded_redis(tmp_path) == port
        assert client.ping()
    finally:
        client.shutdown(nosave=True)
