"""Refund lines are checked summed per line (issue 12): the same line listed three times on a
two-unit line is refused when asked, and a request recorded before that check can only be
rejected (by the merchant or a platform super-admin), which gets the order out of refund_requested."""

import pytest

from shared_apps.checkout import services as checkout
from tenant_apps.orders.models import RefundRequest
from tenant_apps.orders.services import REFUND_MACHINE, transition
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import ticket
from tests.builders.checkout import order_of, order_status, pay
from tests.builders.dates import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def tourist(db):
    return make_user("refund_lines_tourist")


def _paid_two_units(alpha, tourist):
    co = checkout.place_checkout(user=tourist, items=[checkout.Item("alpha", ticket(alpha).pk, 2, day(3))])
    pay(co)
    return co.parts.get().order_no, order_of(alpha, co)


def test_duplicate_lines_are_summed_when_asked(merchants, api, tourist):
    order_no, order = _paid_two_units(merchants["alpha"], tourist)
    line_id = order.lines.all()[0].pk  # prefetched by order_of
    asked = api("post", f"/api/v1/me/orders/alpha/{order_no}/refund/",
                {"lines": [{"line_id": line_id, "quantity": 1}] * 3})
    assert asked.status_code == 400 and asked.json()["code"] == "refund_lines_invalid"
    assert asked.json()["details"] == {"line_id": line_id}
    assert order_status(merchants["alpha"], order.pk) == "paid"
    both = api("post", f"/api/v1/me/orders/alpha/{order_no}/refund/",
               {"lines": [{"line_id": line_id, "quantity": 1}] * 2})
    assert both.status_code == 201 and both.json()["lines"] == [{"line_id": line_id, "quantity": 2}]


def _stuck_request(alpha, order):
    """A request as the old check recorded it: 3 units asked back of a 2-unit line."""
    with in_tenant(alpha):
        line = order.lines.get()
        order.status_before_refund = order.status
        transition(order, "refund_requested", actor="t", reason="申请退款", amount_fen=line.amount_fen)
        refund = RefundRequest.objects.create(order=order, lines=[{"line_id": line.pk, "quantity": 3}],
                                              amount_fen=line.amount_fen)
        REFUND_MACHINE.record(refund, "", "requested", actor="t", reason="申请退款")
        return refund


def test_a_stuck_request_cannot_be_approved_but_can_be_rejected(merchants, client_for, tourist):
    alpha = merchants["alpha"]
    _, order = _paid_two_units(alpha, tourist)
    refund = _stuck_request(alpha, order)
    owner = client_for("alpha_owner", "alpha")
    approved = owner.post(f"/api/v1/merchant/refunds/{refund.pk}/approve/", {}, content_type="application/json")
    assert approved.status_code == 409 and approved.json()["code"] == "refund_exceeds_line"
    assert order_status(alpha, order.pk) == "refund_requested"
    rejected = owner.post(f"/api/v1/merchant/refunds/{refund.pk}/reject/", {"note": "数量有误，请重新申请"},
                          content_type="application/json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "paid"


def test_a_platform_super_admin_can_reject_a_stuck_request(merchants, client_for, tourist):
    alpha = merchants["alpha"]
    _, order = _paid_two_units(alpha, tourist)
    refund = _stuck_request(alpha, order)
    make_user("platform_root", is_superuser=True)
    rejected = client_for("platform_root", "alpha").post(f"/api/v1/merchant/refunds/{refund.pk}/reject/",
                                                         {"note": "数量有误"}, content_type="application/json")
    assert rejected.status_code == 200 and rejected.json()["status"] == "paid"
