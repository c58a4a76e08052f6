"""Fixtures shared by every test folder (merchants, alpha, beta, client_for, api, operator, ...).

Where things live:
- tests/builders/: one builder per thing (users, merchants, products, checkouts, distributors,
  routes, tickets, HTTP clients), one module per domain; tests import them from there.
- tests/conftest.py (this file): pytest fixtures used by several folders.
- tests/<folder>/conftest.py: fixtures of that folder only (its `tourist`, extra merchants, ...).
A builder is a plain function; a fixture is used only where pytest's setup/teardown or
per-test injection is the point."""

import os
from datetime import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from config import runtime
from tests.builders.accounts import PASSWORD, make_merchant, make_operator
from tests.builders.network import cut_redis

from . import testdb
from .api_schema import is_api_json, response_problems

TEST_SCHEMAS = ("alpha", "beta")


def pytest_addoption(parser):
    parser.addoption(
        "--clock", default=os.environ.get("TEST_CLOCK", ""),
        help="Start every test with the clock pinned to this moment (ISO 8601, e.g. 2026-12-31T23:55+08:00); it then "
             "ticks on. Several moments, comma-separated, run each test once per moment in one session (so "
             "such a test must be repeatable: the `clock` tests are). Also read from the TEST_CLOCK environment "
             "variable.")


def _moments(config) -> list[str]:
    return [m.strip() for m in config.getoption("--clock").split(",") if m.strip()]


def pytest_configure(config):
    config.addinivalue_line("markers", "api_schema_unchecked: JSON responses are not checked against the API schema "
                                       "(a test that sends every route junk on purpose, e.g. tests/test_isolation.py)")
    config.addinivalue_line("markers", "clock: depends on the time of day or the date; .ci/run repeats these at "
                                       "pinned local times (00:05, 11:55, 12:05, 23:55, a Saturday, a month's and a "
                                       "year's last day)")
    for moment in _moments(config):
        try:
            datetime.fromisoformat(moment)
        except ValueError as err:
            raise pytest.UsageError(f"--clock: {moment!r} is not an ISO 8601 moment") from err


def pytest_unconfigure(config):
    # A bare `.venv/bin/pytest` without DATABASE_URL / REDIS_URL started the embedded servers: stop them.
    runtime.stop_started_here()


def pytest_report_header(config):
    moments = _moments(config)
    return f"clock pinned at the start of every test to {', '.join(moments)} (ticking)" if moments else None


def pytest_generate_tests(metafunc):
    moments = _moments(metafunc.config)
    if moments and "_pinned_clock" in metafunc.fixturenames:
        metafunc.parametrize("_pinned_clock", moments, indirect=True, ids=[f"at {m}" for m in moments])


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    """With --clock, each test starts at the pinned moment and the clock ticks on from there, so a test
    pinned a few minutes before midnight runs before midnight however long the session has run. The
    code reads the time in Python only (timezone.now()), never SQL now(), so the database agrees."""
    moment = getattr(request, "param", None)
    if moment is None:
        yield None
        return
    with time_machine.travel(datetime.fromisoformat(moment), tick=True):
        yield moment


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_modify_db_settings, django_db_blocker):
    """The test database, copied from a migrated template database when one exists (tests/testdb.py)."""
    with django_db_blocker.unblock():
        old_config = testdb.setup()
    yield
    with django_db_blocker.unblock():
        testdb.teardown(old_config)


@pytest.fixture(scope="session")
def _merchant_schemas(django_db_setup, django_db_blocker):
    """Create the two test merchants' schemas once per run (committed, outside test transactions)."""
    with django_db_blocker.unblock():
        make_merchant("alpha", "scenic", "阿尔法景区")
        make_merchant("beta", "hotel", "贝塔酒店")


@pytest.fixture(autouse=True)
def _fresh_cache_and_schema():
    cache.clear()  # tests own their Redis database (15 unless REDIS_URL names one, config/settings/test.py)
    connection.set_schema_to_public()  # a request to a merchant host leaves the connection there
    yield


@pytest.fixture(autouse=True)
def _clean_tenant_schemas_after_transactional_tests(request, django_db_blocker):
    """A transactional test commits rows into merchant schemas, which Django's flush (public
    schema only) does not empty: truncate the tenant apps' tables there afterwards."""
    yield
    if "transactional_db" not in request.fixturenames:
        return
    from django.apps import apps

    tables = [m._meta.db_table for app in settings.TENANT_APPS if app != "django.contrib.contenttypes"
              for m in apps.get_app_config(app.rsplit(".", 1)[-1]).get_models()]
    with django_db_blocker.unblock(), connection.cursor() as cur:
        cur.execute("SELECT schema_name FROM information_schema.schemata WHERE schema_name = ANY(%s)",
                    [list(TEST_SCHEMAS)])
        for (schema,) in cur.fetchall():
            cur.execute("TRUNCATE " + ", ".join(f'"{schema}"."{t}"' for t in tables) + " CASCADE")


@pytest.fixture(autouse=True)
def _api_responses_match_the_schema(monkeypatch, request):
    """Every JSON response of an API endpoint in every test must match the OpenAPI schema's
    declaration for its operation and status (API_SCHEMA_CHECK=0 or the api_schema_unchecked marker
    turns this off)."""
    if os.environ.get("API_SCHEMA_CHECK") == "0" or request.node.get_closest_marker("api_schema_unchecked"):
        yield
        return
    request = Client.request

    def checked(self, **kwargs):
        response = request(self, **kwargs)
        if is_api_json(response):
            if os.environ.get("API_SCHEMA_RECORD"):  # a file to list the statuses seen per operation in
                with open(os.environ["API_SCHEMA_RECORD"], "a") as seen:
                    seen.write(f"{response.wsgi_request.method} {response.resolver_match.route} "
                               f"{response.status_code}\n")
            problems = response_problems(response)
            assert not problems, "the response does not match the API schema:\n" + "\n".join(problems)
        return response

    monkeypatch.setattr(Client, "request", checked)
    yield


@pytest.fixture
def merchants(_merchant_schemas, db):
    return {"alpha": make_merchant("alpha", "scenic", "阿尔法景区"), "beta": make_merchant("beta", "hotel", "贝塔酒店")}


def host_of(slug: str | None) -> str:
    return settings.PLATFORM_HOST if slug is None else f"{slug}.{settings.PLATFORM_HOST}"


@pytest.fixture
def client_for():
    """client_for(username, slug=None): a logged-in session client on a merchant or the platform host."""

    def make(username: str | None = None, slug: str | None = None) -> Client:
        client = Client(HTTP_HOST=host_of(slug))
        if username:
            assert client.login(username=username, password=PASSWORD)
        return client

    return make


@pytest.fixture
def alpha(merchants):
    return merchants["alpha"]


@pytest.fixture
def beta(merchants):
    return merchants["beta"]


@pytest.fixture
def api(client, tourist):
    """api(method, path, body=None, **headers): a JSON call to the platform API as the folder's
    `tourist` fixture (JWT bearer)."""
    token = str(AccessToken.for_user(tourist))

    def call(method, path, body=None, **headers):
        return getattr(client, method)(path, body, content_type="application/json", HTTP_HOST="localhost",
                                       HTTP_AUTHORIZATION=f"Bearer {token}", **headers)

    return call


@pytest.fixture
def operator(db):
    return make_operator()


@pytest.fixture
def redis_cut(settings):
    """Every Redis client of the process (cache, limiter, Celery broker) points at a closed port."""
    return cut_redis(settings, broker=True)


@pytest.fixture
def live_worker(transactional_db):
    """A real Celery worker (thread, solo pool) consuming the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        yield app


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Run deferred constraint triggers (the ledger's balance check) before the test's
    transaction is rolled back, so an unbalanced entry fails the test that made it."""
    outcome = yield
    if outcome.excinfo is None and connection.connection is not None and connection.in_atomic_block:
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
