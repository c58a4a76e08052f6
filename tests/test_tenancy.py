"""Routing, cached host lookup, schema-carrying cache keys, tenant helpers, tenant-aware tasks."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.storefront.models import StoreProfile
from tenants.cache import merchant_for_host
from tenants.models import Domain
from tenants.utils import for_each_tenant, in_tenant

from .tasks_for_tests import which_schema  # registered before the worker starts

pytestmark = pytest.mark.django_db


def test_host_lookup_is_cached_and_invalidated(merchants):
    assert merchant_for_host("alpha.localhost").schema_name == "alpha"
    with CaptureQueriesContext(connection) as ctx:
        assert merchant_for_host("alpha.localhost").schema_name == "alpha"
    assert len(ctx.captured_queries) == 0
    Domain.objects.create(domain="alpha-shop.localhost", tenant=merchants["alpha"], is_primary=False)
    assert merchant_for_host("alpha-shop.localhost").schema_name == "alpha"
    Domain.objects.filter(domain="alpha-shop.localhost").delete()
    assert merchant_for_host("alpha-shop.localhost") is None


def test_unknown_host_negative_cache_is_dropped_when_domain_appears(merchants):
    assert merchant_for_host("late.localhost") is None
    Domain.objects.create(domain="late.localhost", tenant=merchants["beta"], is_primary=False)
    assert merchant_for_host("late.localhost").schema_name == "beta"


def test_platform_host_and_alias_route_to_public(db, client):
    assert client.get("/healthz", HTTP_HOST="localhost").json()["schema"] == "public"
    assert client.get("/healthz", HTTP_HOST="127.0.0.1").json()["schema"] == "public"


def test_merchant_host_routes_to_its_schema(merchants, client):
    assert client.get("/healthz", HTTP_HOST="beta.localhost").json()["schema"] == "beta"


@pytest.mark.parametrize("host", ["BETA.LOCALHOST", "Beta.Localhost.", "beta.localhost.:8000", "www.Beta.localhost"])
def test_upper_case_trailing_dot_and_port_hosts_reach_the_merchant(merchants, client, host):
    assert client.get("/healthz", HTTP_HOST=host).json()["schema"] == "beta"
    assert client.get("/accounts/login/", HTTP_HOST=host).status_code == 200


def test_upper_case_platform_host_routes_to_public(db, client):
    assert client.get("/healthz", HTTP_HOST="LocalHost.").json()["schema"] == "public"


def test_cache_keys_carry_the_schema(merchants):
    with in_tenant(merchants["alpha"]):
        cache.set("greeting", "alpha")
    with in_tenant(merchants["beta"]):
        assert cache.get("greeting") is None
        cache.set("greeting", "beta")
    with in_tenant(merchants["alpha"]):
        assert cache.get("greeting") == "alpha"


def test_each_schema_has_its_own_tables(merchants):
    with in_tenant(merchants["alpha"]):
        StoreProfile.objects.update(intro="alpha only")
    with in_tenant(merchants["beta"]):
        assert StoreProfile.objects.get().intro != "alpha only"


def test_for_each_tenant_visits_active_merchants_in_their_schema(merchants):
    seen = {m.schema_name: connection.schema_name for m in for_each_tenant()}
    assert seen["alpha"] == "alpha" and seen["beta"] == "beta"
    assert "public" not in seen
    assert connection.schema_name == "public"


def test_celery_tasks_run_in_the_sender_schema(merchants, live_worker):
    with in_tenant(merchants["beta"]):
        result = which_schema.delay()
    assert result.get(timeout=30) == "beta"
