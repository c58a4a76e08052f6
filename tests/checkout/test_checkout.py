"""Cross-merchant checkout: one transaction, holds per schema, pay, cancel, expire."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout, OrderIndex
from shared_apps.core.failures import DomainError
from tenant_apps.catalog import services as catalog
from tenant_apps.inventory import services as inventory
from tenant_apps.inventory.models import CapacitySlot
from tenant_apps.orders.models import Order
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import goods, room, slots, ticket
from tests.builders.checkout import item
from tests.builders.dates import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def tourist(db):
    return make_user("xiaoming", display_name="小明", phone="13800000001")


def test_ticket_and_room_from_two_merchants_in_one_checkout(merchants, tourist):
    alpha, beta = merchants["alpha"], merchants["beta"]
    t, r = ticket(alpha, price=12000), room(beta, price=38800)
    co = checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3)),
                                                      item(beta, r, 1, day=day(3), nights=2)])
    assert co.status == "pending_payment"
    assert co.total_fen == 2 * 12000 + 2 * 38800
    assert [p.merchant.schema_name for p in co.parts.all()] == ["alpha", "beta"]
    assert slots(alpha, t) == [(10, 0, 2)]
    assert slots(beta, r) == [(5, 0, 1), (5, 0, 1), (5, 0, 0)]  # two nights held, third night free
    with in_tenant(beta):
        order = Order.objects.get(checkout_id=co.pk)
        assert order.total_fen == 77600 and order.lines.get().unit_price_fen == 77600
    assert OrderIndex.objects.filter(checkout_id=co.pk, user=tourist).count() == 2

    checkout.mark_paid(checkout_id=co.pk)
    assert slots(alpha, t) == [(10, 2, 0)]
    assert slots(beta, r)[:2] == [(5, 1, 0), (5, 1, 0)]
    assert set(OrderIndex.objects.filter(checkout_id=co.pk).values_list("status", flat=True)) == {"paid"}
    assert checkout.mark_paid(checkout_id=co.pk).status == "paid"  # idempotent
    with pytest.raises(DomainError) as err:
        checkout.cancel_checkout(checkout_id=co.pk, actor="xiaoming")
    assert err.value.code == "invalid_transition"


def test_sold_out_at_one_merchant_rolls_back_every_merchant(merchants, tourist):
    alpha, beta = merchants["alpha"], merchants["beta"]
    t, r = ticket(alpha), room(beta, capacity=1)
    with pytest.raises(DomainError) as err:
        checkout.place_checkout(user=tourist, items=[item(alpha, t, 3, day=day(3)),
                                                     item(beta, r, 2, day=day(3))])
    assert err.value.code == "sold_out" and err.value.details["merchant"] == "beta"
    assert slots(alpha, t) == [(10, 0, 0)]
    assert not Checkout.objects.exists() and not OrderIndex.objects.exists()
    with in_tenant(alpha):
        assert not Order.objects.exists()


@pytest.mark.clock
def test_cancel_and_expiry_release_holds(merchants, tourist):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=4)
    first = checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3))])
    second = checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3))])
    assert slots(alpha, t) == [(4, 0, 4)]
    checkout.cancel_checkout(checkout_id=first.pk, actor="xiaoming")
    assert slots(alpha, t) == [(4, 0, 2)]
    Checkout.objects.filter(pk=second.pk).update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    assert checkout.cancel_expired_checkouts() == 1
    assert Checkout.objects.get(pk=second.pk).status == "expired"
    assert slots(alpha, t) == [(4, 0, 0)]
    with pytest.raises(DomainError) as err:
        checkout.mark_paid(checkout_id=second.pk)
    assert err.value.code == "checkout_closed"
    with in_tenant(alpha):
        assert set(Order.objects.values_list("status", flat=True)) == {"cancelled"}


def test_timed_sessions_packages_and_goods(merchants, tourist):

    alpha = merchants["alpha"]
    timed = ticket(alpha, capacity=3, sessions=["09:00-12:00", "13:00-17:00"])
    tea = goods(alpha, stock=5)
    with in_tenant(alpha):
        cable = catalog.create_product(kind="ticket", name="索道票", base_price_fen=8000, on_shelf=True)

        inventory.set_capacity(product=cable, days=[day(3)], sessions=[""], capacity=2)
        pack = catalog.create_product(kind="package", name="门票+索道套餐", base_price_fen=15000)
        catalog.set_package_items(package_id=pack.pk, items=[{"component_id": cable.pk, "quantity": 1},
                                                             {"component_id": tea.pk, "quantity": 2}])
        catalog.set_on_shelf(product_id=pack.pk, on_shelf=True)
    co = checkout.place_checkout(user=tourist, items=[
        item(alpha, timed, 2, day=day(3), session="13:00-17:00"), item(alpha, pack, 2, day=day(3))])
    assert co.total_fen == 2 * 12000 + 2 * 15000
    assert slots(alpha, timed) == [(3, 0, 0), (3, 0, 2)]
    assert slots(alpha, cable) == [(2, 0, 2)]
    assert slots(alpha, tea) == [(5, 0, 4)]
    with pytest.raises(DomainError) as err:  # the package's cable car is now gone
        checkout.place_checkout(user=tourist, items=[item(alpha, pack, 1, day=day(3))])
    assert err.value.code == "sold_out"


@pytest.mark.parametrize("kwargs,code", [
    ({"day": None}, "day_required"),
    ({"day": "past"}, "day_in_past"),
    ({"day": "ok", "session": "夜场"}, "session_invalid"),
    ({"day": "ok", "nights": 2}, "nights_invalid"),
    ({"day": "far"}, "not_on_sale"),
])
def test_line_validation_codes(merchants, tourist, kwargs, code):
    alpha = merchants["alpha"]
    t = ticket(alpha)
    kwargs = dict(kwargs)  # a copy: with --clock at several moments the same dict comes again
    when = {"past": day(-1), "ok": day(3), "far": day(40), None: None}[kwargs.pop("day")]
    with pytest.raises(DomainError) as err:
        checkout.place_checkout(user=tourist, items=[item(alpha, t, 1, day=when, **kwargs)])
    assert err.value.code == code


def test_off_shelf_and_unknown_merchant(merchants, tourist):

    alpha = merchants["alpha"]
    t = ticket(alpha)
    with in_tenant(alpha):
        catalog.set_on_shelf(product_id=t.pk, on_shelf=False)
    with pytest.raises(DomainError) as err:
        checkout.place_checkout(user=tourist, items=[item(alpha, t, 1, day=day(3))])
    assert err.value.code == "product_unavailable"
    with pytest.raises(DomainError) as err:
        checkout.place_checkout(user=tourist, items=[checkout.Item("nosuch", 1, 1)])
    assert err.value.code == "merchant_unavailable"


def test_database_refuses_oversell_even_bypassing_services(merchants):
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=2)
    with in_tenant(alpha):
        with pytest.raises(IntegrityError), transaction.atomic():
            CapacitySlot.objects.filter(product_id=t.pk).update(sold=2, held=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            CapacitySlot.objects.filter(product_id=t.pk).update(held=-1)
