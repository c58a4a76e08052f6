"""Cached host -> merchant lookup, so routing a request costs no query when warm."""

from django.conf import settings
from django.core.cache import cache
from django_tenants.utils import schema_context

from .models import Domain, Merchant


def _key(host: str) -> str:
    return f"tenant-host:{host}"


def merchant_for_host(host: str):
    """The Merchant serving `host`, or None. The platform host maps to the public tenant."""
    with schema_context("public"):  # cache keys carry the schema: always look up in public
        found = cache.get(_key(host))
        if found is not None:
            return found or None
        if host == settings.PLATFORM_HOST or host in settings.PLATFORM_HOST_ALIASES:
            merchant = Merchant.objects.filter(schema_name="public").first() or Merchant(
                schema_name="public", name="城市旅游平台", kind="platform")
        else:
            domain = Domain.objects.select_related("tenant").filter(domain=host).first()
            merchant = domain.tenant if domain else None
        cache.set(_key(host), merchant or False, settings.TENANT_HOST_CACHE_SECONDS)
        return merchant


def forget_host(host: str) -> None:
    with schema_context("public"):
        cache.delete(_key(host))


def forget_merchant(merchant) -> None:
    hosts = [settings.PLATFORM_HOST] if merchant.schema_name == "public" else []
    if merchant.pk:
        hosts += list(Domain.objects.filter(tenant_id=merchant.pk).values_list("domain", flat=True))
    for host in hosts:
        forget_host(host)
