"""Test data builders, and a polling helper for work done by other threads.

Merchant schemas are expensive, so they are made once per run and
re-attached (rows only) when a transactional test has flushed the public tables."""

import time

from django.conf import settings

from shared_apps.accounts.models import Distributor, MerchantMembership, User
from tenants.models import Domain, Merchant
from tenants.utils import in_tenant

PASSWORD = "Travel#2026"


def make_user(username: str, **extra) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=PASSWORD, **extra)
    return user


def make_merchant(slug: str, kind: str = "scenic", name: str | None = None) -> Merchant:
    """A provisioned merchant with a domain, an owner `<slug>_owner` and a clerk `<slug>_clerk`."""
    from tenant_apps.storefront.services import ensure_profile

    merchant = Merchant.objects.filter(schema_name=slug).first()
    if merchant is None:
        merchant = Merchant(schema_name=slug, name=name or f"{slug} merchant", kind=kind)
        merchant.save(verbosity=0)  # creates the schema only if it does not exist yet
    Domain.objects.get_or_create(domain=f"{slug}.{settings.PLATFORM_HOST}",
                                 defaults={"tenant": merchant, "is_primary": True})
    owner = make_user(f"{slug}_owner")
    clerk = make_user(f"{slug}_clerk")
    MerchantMembership.objects.get_or_create(user=owner, merchant=merchant, defaults={"role": "owner"})
    MerchantMembership.objects.get_or_create(user=clerk, merchant=merchant, defaults={"role": "clerk"})
    if merchant.admin_user_id is None:
        merchant.admin_user = owner
        merchant.save(update_fields=["admin_user"])
    with in_tenant(merchant):
        ensure_profile(name=merchant.name)
    return merchant


def make_operator(username: str = "op_reviewer", role: str = "reviewer") -> User:
    return make_user(username, operator_role=role)


def make_distributor(name: str = "畅游旅行社", merchants=()) -> Distributor:
    dist, _ = Distributor.objects.get_or_create(name=name, defaults={"status": Distributor.Status.ACTIVE})
    dist.merchants.add(*merchants)
    return dist


def wait_for(predicate, timeout: float = 60.0) -> bool:
    """Poll until `predicate()` is true (work done by a Celery worker or the live server)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def run_all(fn, n: int) -> list:
    """Run fn(0..n-1) in n threads released together by a barrier (each with its own DB connection)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    barrier = threading.Barrier(n)

    def wrapped(i):
        try:
            barrier.wait()
            return fn(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(wrapped, range(n)))
