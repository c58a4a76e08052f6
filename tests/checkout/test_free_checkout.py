"""Zero totals (issue 12): a free ticket's checkout is paid at once with no payment intent and
moves no money; paying it says there is nothing to pay. Price 0 is for tickets only (free-admission
reservations); a room, dish, parcel or package at 0 is refused."""

from datetime import date

import pytest

from shared_apps.core.failures import DomainError
from shared_apps.ledger import services as ledger
from shared_apps.ledger.models import JournalEntry
from shared_apps.payments.models import PaymentIntent
from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import ProductKind
from tenant_apps.orders.models import Order
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import new_product, slots, ticket
from tests.builders.dates import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def tourist(db):
    return make_user("free_tourist", display_name="免费游客")


def test_a_free_ticket_checkout_is_paid_without_a_payment(merchants, api):
    alpha = merchants["alpha"]
    free = ticket(alpha, name="免费预约入园", price=0, capacity=10)
    entries = JournalEntry.objects.count()
    created = api("post", "/api/v1/checkouts/",
                  {"items": [{"merchant": "alpha", "product_id": free.pk, "quantity": 2, "day": str(day(3))}],
                   "contact_name": "免费游客"}, HTTP_IDEMPOTENCY_KEY="free-1")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "paid" and created.json()["total_fen"] == 0
    with in_tenant(alpha):
        assert Order.objects.get(checkout_id=created.json()["id"]).status == "paid"
    assert slots(alpha, free) == [(10, 2, 0)]  # sold, not held until a payment that never comes
    assert not PaymentIntent.objects.filter(checkout_id=created.json()["id"]).exists()
    assert JournalEntry.objects.count() == entries and ledger.trial_balance() == 0

    pay = api("post", "/api/v1/payments/", {"checkout_id": created.json()["id"], "method": "wallet"})
    assert pay.status_code == 409 and pay.json()["code"] == "nothing_to_pay"


def test_a_free_order_has_nothing_to_refund(merchants, api):
    free = ticket(merchants["alpha"], price=0)
    created = api("post", "/api/v1/checkouts/",
                  {"items": [{"merchant": "alpha", "product_id": free.pk, "quantity": 1, "day": str(day(3))}]},
                  HTTP_IDEMPOTENCY_KEY="free-2").json()
    order_no = created["parts"][0]["order_no"]
    asked = api("post", f"/api/v1/me/orders/alpha/{order_no}/refund/", {})
    assert asked.status_code == 409 and asked.json()["code"] == "nothing_to_refund"


@pytest.mark.parametrize("kind", [k for k in ProductKind.values if k != "ticket"])
def test_only_tickets_may_cost_nothing(merchants, kind, client_for):
    alpha = merchants["alpha"]
    with pytest.raises(DomainError) as refused:
        new_product(alpha, kind=kind, base_price_fen=0)
    assert refused.value.code == "price_zero_not_allowed"
    priced = new_product(alpha, kind=kind, base_price_fen=100)
    with in_tenant(alpha), pytest.raises(DomainError) as policy:
        catalog.add_price_policy(product_id=priced.pk, start_date=date(2030, 1, 1), price_fen=0)
    assert policy.value.code == "price_zero_not_allowed"
    response = client_for("alpha_owner", "alpha").patch(f"/api/v1/merchant/products/{priced.pk}/",
                                                        {"base_price_fen": 0}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "price_zero_not_allowed"
    assert new_product(alpha, kind="ticket", base_price_fen=0).base_price_fen == 0
