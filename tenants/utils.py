"""The only doors from shared code into a merchant schema."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from .models import Merchant, MerchantStatus


@contextmanager
def in_tenant(merchant):
    """Run the block inside `merchant`'s schema (search_path: merchant, public).

    Given a Merchant, connection.tenant is that Merchant (tenant code may read its name);
    given a schema name, it is only a stand-in carrying the schema name."""
    if isinstance(merchant, str):
        with schema_context(merchant):
            yield
    else:
        with tenant_context(merchant):
            yield


def for_each_tenant(**filters) -> Iterator:
    """Yield every active merchant (not the platform), with the connection inside its schema."""
    qs = Merchant.objects.exclude(schema_name="public").filter(status=MerchantStatus.ACTIVE, **filters)
    for merchant in qs.order_by("id"):
        with in_tenant(merchant):
            yield merchant


def active_merchant(schema: str):
    """The active merchant (not the platform) of a schema name, or None."""
    return (Merchant.objects.exclude(schema_name="public")
            .filter(schema_name=schema, status=MerchantStatus.ACTIVE).first())


def current_schema() -> str:
    return connection.schema_name


def platform_tenant():
    return Merchant.objects.get(schema_name="public")
