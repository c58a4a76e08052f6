"""Builders for distribution tests: distributors with contracts, keys, deposits, products."""

import secrets
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from shared_apps.accounts.models import Distributor, DistributorMember, User
from shared_apps.distribution.services import bookings, contracts, finance, org
from shared_apps.distribution.services.common import profile_of
from tenant_apps.catalog import services as catalog
from tenant_apps.inventory import services as inventory
from tenant_apps.inventory.models import CapacitySlot
from tenants.utils import in_tenant
from tests.factories import make_operator, make_user


def day(offset: int = 3):
    return timezone.localdate() + timedelta(days=offset)


def finance_operator() -> User:
    return make_operator("op_finance", role="finance")


def make_dist(name: str, merchants=(), *, deposit: int = 0, credit: int = 0, admin: str | None = None) -> Distributor:
    """An active distributor authorised (through contracts) by `merchants`, optionally funded."""
    dist = Distributor.objects.create(name=name, status=Distributor.Status.ACTIVE)
    profile_of(dist)
    for merchant in merchants:
        owner = make_user(f"{merchant.schema_name}_owner")
        contracts.authorise(merchant=merchant, distributor_id=dist.pk, user=owner)
    if deposit:
        fund(dist, deposit)
    if credit:
        finance.set_credit_limit(distributor=dist, operator=finance_operator(), credit_limit_fen=credit)
    if admin:
        member = DistributorMember.objects.create(user=make_user(admin), distributor=dist, role="admin")
        org.placement_of(member)
    return dist


def fund(dist: Distributor, fen: int):
    topup = finance.submit_topup(distributor=dist, actor="test", amount_fen=fen,
                                 bank_txn_no=f"TXN{secrets.token_hex(6)}")
    return finance.review_topup(topup_id=topup.pk, approve=True, operator=finance_operator())


def key_for(dist: Distributor, merchants, rate: int = 600):
    """Issue a key listing `merchants` (bypassing the scope check, to test the runtime check)."""
    from shared_apps.accounts.services import issue_api_key

    return issue_api_key(distributor=dist, name=f"k{secrets.token_hex(2)}", merchants=merchants,
                         rate_limit_per_minute=rate)


def octo(raw_key: str) -> Client:
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {raw_key}")


def post(client: Client, path: str, data=None, key: str | None = None, **extra):
    if key:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, data or {}, content_type="application/json", **extra)


def dticket(merchant, *, capacity=10, price=10000, dprice=8000, days=(3,), sessions=None, on_shelf=True,
            name="阿尔法门票"):
    with in_tenant(merchant):
        product = catalog.create_product(kind="ticket", name=name, base_price_fen=price,
                                         distributor_price_fen=dprice, sessions=sessions or [], on_shelf=on_shelf)
        inventory.set_capacity(product=product, days=[day(d) for d in days], sessions=sessions or [""],
                               capacity=capacity)
    return product


def slot(merchant, product, offset: int = 3, session: str = "") -> tuple[int, int, int]:
    with in_tenant(merchant):
        s = CapacitySlot.objects.get(product_id=product.pk, day=day(offset), session=session)
        return s.capacity, s.sold, s.held


def reserve(key, merchant, product, units=1, **kw):
    kw.setdefault("day", day(3))
    return bookings.reserve(api_key=key, merchant=merchant, product_id=product.pk, units=units, **kw)


def order_status(merchant, order_id: int) -> str:
    from tenant_apps.orders.models import Order

    with in_tenant(merchant):
        return Order.objects.get(pk=order_id).status


def fulfil(merchant, order_id: int) -> None:
    from tenant_apps.orders import services as orders

    with in_tenant(merchant):
        orders.fulfil(order_id=order_id, actor="alpha_clerk", how="used")
