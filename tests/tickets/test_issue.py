"""Issuing e-tickets on payment (EC-TKT-07), refunds, expiry, order notifications (EC-ORD-02)."""

from datetime import timedelta

import pytest

from shared_apps.fulfilment.models import Notification
from shared_apps.tourists import services as tourists
from tenant_apps.catalog import services as catalog
from tenant_apps.orders.signals import order_paid
from tenant_apps.tickets import services
from tenant_apps.tickets.models import Ticket, TicketEvent
from tenants.utils import in_tenant
from tests.builders import catalog as products
from tests.builders.catalog import room
from tests.builders.checkout import buy, order_of, refund
from tests.builders.dates import today
from tests.builders.tickets import tickets_of

pytestmark = pytest.mark.clock  # tickets are for a day relative to today


def test_payment_issues_one_ticket_per_ticket_line_with_holders(merchants, tourist):
    alpha = merchants["alpha"]
    t1 = tourists.create_traveller(user=tourist, name="王小明", id_type="passport", id_no="E12345678")
    t2 = tourists.create_traveller(user=tourist, name="李华", id_type="passport", id_no="E87654321")
    product = products.ticket(alpha, price=8000, attributes={"valid_days": 2}, days=(0,), capacity=20)
    co = buy(tourist, alpha, product, 3, travellers=[t1.pk, t2.pk], offset=0)
    (ticket,) = tickets_of(alpha, co)
    assert ticket.persons == 3 and ticket.used_persons == 0 and ticket.status == "valid"
    assert ticket.day == today() and ticket.valid_until == today() + timedelta(days=1)
    assert ticket.holders == ["王小明", "李华"] and ticket.amount_fen == 24000
    assert ticket.user_id == tourist.pk and len(ticket.code) == 16
    with in_tenant(alpha):
        assert list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", "to_status")) == [("issue", "valid")]
    note = Notification.objects.get(user=tourist)
    assert note.title == "订单已支付，电子票已出票" and "3 人" in note.body and note.read_at is None


def test_resent_signal_does_not_issue_twice(merchants, tourist):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, products.ticket(alpha, days=(0,), capacity=20, price=10000), 2, offset=0)
    order = order_of(alpha, co)
    with in_tenant(alpha):
        order_paid.send(sender=type(order), order=order)
        services.issue_for_order(order=order)
        assert Ticket.objects.filter(order=order).count() == 1
    assert Notification.objects.filter(user=tourist).count() == 1


def test_package_ticket_components_are_issued_with_component_quantity(merchants, tourist):
    alpha = merchants["alpha"]
    gate = products.ticket(alpha, name="大门票", price=6000, days=(0,), capacity=20)
    cable = products.ticket(alpha, name="索道票", price=4000, days=(0,), capacity=20)
    with in_tenant(alpha):
        package = catalog.create_product(kind="package", name="门票+索道套票", base_price_fen=9000)
        catalog.set_package_items(package_id=package.pk, items=[{"component_id": gate.pk, "quantity": 1},
                                                          {"component_id": cable.pk, "quantity": 2}])
        catalog.set_on_shelf(product_id=package.pk, on_shelf=True)
    co = buy(tourist, alpha, package, 2, offset=0)
    tickets = {t.product_name: t for t in tickets_of(alpha, co)}
    assert tickets["大门票"].persons == 2 and tickets["索道票"].persons == 4
    assert tickets["索道票"].per_unit == 2
    assert tickets["大门票"].amount_fen + tickets["索道票"].amount_fen == 18000  # split 6000:8000


def test_non_ticket_orders_get_a_plain_paid_notification(merchants, tourist):
    beta = merchants["beta"]
    r = room(beta, days=(3,))
    co = buy(tourist, beta, r, 1, offset=3)
    assert tickets_of(beta, co) == []
    note = Notification.objects.get(user=tourist)
    assert note.title == "订单已支付" and note.link.endswith(f"/{order_of(beta, co).order_no}/")


def test_refunded_persons_become_unusable_and_full_refund_marks_refunded(merchants, tourist):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, products.ticket(alpha, days=(0,), capacity=20, price=10000), 3, offset=0)
    refund(alpha, order_of(alpha, co).pk, quantity=1)
    (ticket,) = tickets_of(alpha, co)
    assert (ticket.refunded_persons, ticket.remaining_persons, ticket.status) == (1, 2, "valid")
    refund(alpha, order_of(alpha, co).pk, quantity=2)
    (ticket,) = tickets_of(alpha, co)
    assert (ticket.refunded_persons, ticket.remaining_persons, ticket.status) == (3, 0, "refunded")
    with in_tenant(alpha):
        kinds = list(ticket.events.values_list("kind", "persons", "to_status"))
    assert kinds == [("issue", 3, "valid"), ("refund", 1, "valid"), ("refund", 2, "refunded")]


def test_expiry_moves_open_tickets_past_their_last_day(merchants, tourist):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, products.ticket(alpha, days=(0,), capacity=20, price=10000), 1, offset=0)
    with in_tenant(alpha):
        assert services.expire_due(today=today()) == 0
        assert services.expire_due(today=today() + timedelta(days=1)) == 1
        assert services.expire_due(today=today() + timedelta(days=1)) == 0
    (ticket,) = tickets_of(alpha, co)
    assert ticket.status == "expired"
