"""Distributor money: top-ups confirmed by finance, deposit + credit line, platform fee split,
refunds back to the deposit (ours and merchant-approved), T+N release, withdrawals behind a
finance password, statements, transactions and reconciliation. Trial balance stays 0."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.distribution.models import Booking
from shared_apps.distribution.services import bookings, finance, org
from shared_apps.ledger import services as ledger
from shared_apps.payments import refund_approval
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order
from tenants.utils import in_tenant
from tests.builders.accounts import finance_operator, make_user
from tests.builders.catalog import slot, ticket
from tests.builders.checkout import fulfil
from tests.builders.dates import day
from tests.builders.distribution import fund, key_for, make_distributor

pytestmark = pytest.mark.django_db


def owed(code):
    return ledger.owed(code)


def test_topup_needs_finance_operator_confirmation(client_for, dist_a, operator):
    finance_operator()
    member = client_for("dst_admin")
    made = member.post("/api/v1/distributor/finance/topups/", {"amount_fen": 50_000, "bank_txn_no": "B-001"},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "submitted"
    assert member.post("/api/v1/distributor/finance/topups/", {"amount_fen": 1, "bank_txn_no": "B-001"},
                       content_type="application/json").json()["code"] == "topup_duplicate"
    balance = owed(f"distributor_deposit:{dist_a.pk}")
    url = f"/api/v1/ops/distributor-topups/{made.json()['id']}/confirm/"
    assert client_for("op_reviewer").post(url).status_code == 403  # a reviewer is not finance
    done = client_for("op_finance").post(url, {}, content_type="application/json")
    assert done.json()["status"] == "confirmed" and [e["to"] for e in done.json()["events"]] == ["submitted",
                                                                                                "confirmed"]
    assert client_for("op_finance").post(url).json()["code"] == "invalid_transition"
    assert owed(f"distributor_deposit:{dist_a.pk}") == balance + 50_000
    assert member.get("/api/v1/distributor/finance/").json()["deposit_balance_fen"] == balance + 50_000
    assert ledger.trial_balance() == 0


def test_confirm_splits_platform_fee_and_credit_line_goes_negative(alpha):
    dist = make_distributor("信用旅行社", [alpha], deposit=10_000, credit=20_000)
    key, _ = key_for(dist, [alpha])
    p = ticket(alpha, capacity=10, dprice=10_000, price=10000)
    first = bookings.confirm(booking_id=bookings.reserve(api_key=key, merchant=alpha, product_id=p.pk, units=2,
                                                         day=day(3)).pk, actor="t")
    assert first.platform_fee_fen == 1000  # scenic: 5% of 20000
    assert owed(f"distributor_deposit:{dist.pk}") == -10_000
    assert finance.balances(dist)["credit_used_fen"] == 10_000 and finance.balances(dist)["spendable_fen"] == 10_000
    third = bookings.reserve(api_key=key, merchant=alpha, product_id=p.pk, units=2, day=day(3))
    with pytest.raises(DomainError) as err:
        bookings.confirm(booking_id=third.pk, actor="t")
    assert err.value.code == "insufficient_funds"
    assert dist.alerts.filter(kind="credit_in_use").exists()
    assert owed("merchant_payable:alpha") == 19_000 and ledger.balance("platform_commission") == -1000
    fund(dist, 10_000)  # repaying the credit line is just a top-up
    assert finance.balances(dist)["credit_used_fen"] == 0
    assert ledger.trial_balance() == 0


@pytest.mark.clock
def test_merchant_approved_refund_goes_back_to_deposit_and_release_after_t_plus_n(alpha, dist_a, key_a):

    p = ticket(alpha, capacity=10, dprice=10_000, price=10000)
    booking = bookings.confirm(booking_id=bookings.reserve(api_key=key_a[0], merchant=alpha, product_id=p.pk,
                                                           units=4, day=day(3)).pk, actor="t")
    with in_tenant(alpha):  # the distributor's customer asked the scenic area directly
        line = Order.objects.get(pk=booking.order_id).lines.get()
        refund = orders.request_refund(order_id=booking.order_id, actor="alpha_clerk", lines=[
            {"line_id": line.pk, "quantity": 1}])
        refund_approval.decide_refund(refund_id=refund.pk, approve=True, actor="alpha_owner")
    booking.refresh_from_db()
    assert booking.refunded_fen == 10_000 and booking.refunded_fee_fen == 500 and booking.status == "confirmed"
    assert owed(f"distributor_deposit:{dist_a.pk}") == 100_000 - 30_000
    assert owed("merchant_payable:alpha") == 40_000 - 2000 - (10_000 - 500)
    assert slot(alpha, p) == (10, 3, 0)
    assert bookings.release_due() == 0
    assert bookings.release_due(now=timezone.now() + timedelta(days=2)) == 1
    assert owed("merchant_payable:alpha") == 0 and owed("merchant_available:alpha") == 28_500
    assert bookings.release_due(now=timezone.now() + timedelta(days=3)) == 0
    # a refund after the release is taken from the merchant's available balance
    assert bookings.cancel(booking_id=booking.pk, actor="t", units=1).refunded_fen == 20_000
    assert owed("merchant_available:alpha") == 28_500 - 9500
    assert ledger.trial_balance() == 0


@pytest.mark.clock
def test_cancel_rules_cut_off_and_used_orders(alpha, key_a):
    p = ticket(alpha, capacity=10, days=(0, 3), price=10000, dprice=8000)
    today = bookings.confirm(booking_id=bookings.reserve(api_key=key_a[0], merchant=alpha, product_id=p.pk,
                                                         units=1, day=day(0)).pk, actor="t")
    with pytest.raises(DomainError) as err:
        bookings.cancel(booking_id=today.pk, actor="t")
    assert err.value.code == "cancel_window_closed"
    later = bookings.confirm(booking_id=bookings.reserve(api_key=key_a[0], merchant=alpha, product_id=p.pk,
                                                         units=2, day=day(3)).pk, actor="t")
    fulfil(alpha, later.order_id)
    with pytest.raises(DomainError) as err:
        bookings.cancel(booking_id=later.pk, actor="t")
    assert err.value.code == "booking_used"


def _finance_password(client):
    return client.put("/api/v1/distributor/finance/password/",
                      {"login_password": "Travel#2026", "new_finance_password": "864213"},
                      content_type="application/json")


def test_withdrawal_of_released_commission_behind_finance_password(client_for, dist_a):
    ledger.post(kind="test_commission", ref="w1", lines=[("platform_commission", 30_000),
                                                         (f"distributor_commission:{dist_a.pk}", -30_000)])
    member = client_for("dst_admin")
    url = "/api/v1/distributor/finance/withdrawals/"
    unset = member.post(url, {"amount_fen": 100, "finance_password": "x"}, content_type="application/json")
    assert unset.json()["code"] == "finance_password_unset"
    assert _finance_password(member).status_code == 204
    bank = member.put("/api/v1/distributor/finance/bank-account/", {
        "bank_name": "工商银行", "bank_account_name": "甲旅行社", "bank_account_no": "6222000011112222",
        "finance_password": "864213"}, content_type="application/json")
    assert bank.status_code == 204
    wrong = member.post(url, {"amount_fen": 100, "finance_password": "000000"}, content_type="application/json")
    assert wrong.status_code == 403 and wrong.json()["code"] == "finance_password_wrong"
    too_much = member.post(url, {"amount_fen": 40_000, "finance_password": "864213"},
                           content_type="application/json")
    assert too_much.json()["code"] == "insufficient_balance"
    made = member.post(url, {"amount_fen": 20_000, "finance_password": "864213"}, content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY="w-1")
    assert made.status_code == 201 and made.json()["bank"]["account_no"].endswith("2222")
    assert "*" in made.json()["bank"]["account_no"]
    assert finance.balances(dist_a)["commission_available_fen"] == 10_000
    assert finance.balances(dist_a)["commission_withdrawing_fen"] == 20_000
    finance_operator()
    paid = client_for("op_finance").post(f"/api/v1/ops/distributor-withdrawals/{made.json()['id']}/approve/",
                                         {"bank_txn_no": "OUT-1"}, content_type="application/json")
    assert paid.json()["status"] == "paid" and finance.balances(dist_a)["commission_withdrawing_fen"] == 0
    assert ledger.trial_balance() == 0


def test_finance_password_locks_after_repeated_failures(client_for, dist_a):
    member = client_for("dst_admin")
    _finance_password(member)
    for _ in range(5):
        member.post("/api/v1/distributor/finance/withdrawals/", {"amount_fen": 1, "finance_password": "bad"},
                    content_type="application/json")
    locked = member.post("/api/v1/distributor/finance/withdrawals/", {"amount_fen": 1, "finance_password": "864213"},
                         content_type="application/json")
    assert locked.status_code == 423 and locked.json()["code"] == "finance_locked"
    assert dist_a.alerts.filter(kind="finance_locked").exists()


def test_agent_role_cannot_see_finance(client_for, dist_a):

    make_user("dst_agent")
    org.add_member(distributor=dist_a, user=None, username="dst_agent", role="agent")
    agent = client_for("dst_agent")
    assert agent.get("/api/v1/distributor/finance/").json()["code"] == "permission_denied"
    assert agent.get("/api/v1/distributor/statements/").status_code == 403
    assert agent.get("/api/v1/distributor/bookings/").status_code == 200


@pytest.mark.clock
def test_statement_transactions_and_reconciliation(client_for, alpha, dist_a, key_a, operator):
    p = ticket(alpha, capacity=10, dprice=10_000, price=10000)
    for units in (1, 2):
        bookings.confirm(booking_id=bookings.reserve(api_key=key_a[0], merchant=alpha, product_id=p.pk,
                                                     units=units, day=day(3)).pk, actor="t")
    member = client_for("dst_admin")
    statement = member.get("/api/v1/distributor/statements/", {"account": "deposit"}).json()
    assert statement["opening_fen"] == 0 and statement["closing_fen"] == 100_000 - 30_000
    assert [line["amount_fen"] for line in statement["lines"]] == [100_000, -10_000, -20_000]
    rows = member.get("/api/v1/distributor/finance/transactions/").json()["results"]
    assert rows[0]["kind"] == "dst_booking" and rows[0]["amount_fen"] == -20_000
    report = member.get("/api/v1/distributor/finance/reconciliation/").json()
    assert report["bookings"] == 2 and report["mismatched"] == 0 and report["ledger_fen"] == 30_000
    # a posting nobody made through a booking shows up as a mismatch
    booking = Booking.objects.filter(distributor=dist_a).first()
    ledger.post(kind="dst_refund", ref=f"booking:{booking.pk}:manual", lines=[
        (f"distributor_deposit:{dist_a.pk}", -1), ("suspense", 1)])
    broken = client_for("op_reviewer").get(f"/api/v1/ops/distributors/{dist_a.pk}/reconciliation/").json()
    assert broken["mismatched"] == 1 and [r["problems"] for r in broken["rows"] if r["problems"]] == [
        ["ledger_amount"]]
    assert ledger.trial_balance() == 0


def test_operator_sets_credit_limit(client_for, dist_a, operator):
    finance_operator()
    response = client_for("op_finance").put(f"/api/v1/ops/distributors/{dist_a.pk}/credit-limit/",
                                            {"credit_limit_fen": 500_000, "note": "年度授信"},
                                            content_type="application/json")
    assert response.json()["credit_limit_fen"] == 500_000 and response.json()["spendable_fen"] == 600_000
    assert client_for("op_reviewer").put(f"/api/v1/ops/distributors/{dist_a.pk}/credit-limit/",
                                         {"credit_limit_fen": 1}, content_type="application/json").status_code == 403
