"""Wallet payments, splits (分账), refunds, T+N release, withdrawals and statements."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from shared_apps.checkout import services as checkout
from shared_apps.core.failures import DomainError
from shared_apps.ledger import services as ledger
from shared_apps.payments import refund_approval
from shared_apps.payments import services as payments
from shared_apps.settlement import services as settlement
from shared_apps.settlement.models import SettlementItem
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order
from tests.builders.accounts import make_operator, make_user
from tests.builders.catalog import ticket
from tests.builders.checkout import fund_wallet, item, two_merchant_checkout
from tests.builders.dates import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def tourist(db):
    return make_user("wallet_user", display_name="钱包用户", phone="13900000009")


def test_wallet_pays_two_merchants_and_splits_commission(merchants, tourist):
    co = two_merchant_checkout(merchants, tourist)  # 20000 at alpha (scenic 5%), 30000 at beta (hotel 8%)
    fund_wallet(tourist, 60000)
    intent = payments.create_intent(user=tourist, method="wallet", checkout_id=co.pk)
    assert intent.status == "succeeded"
    co.refresh_from_db()
    assert co.status == "paid"
    assert ledger.owed(f"wallet:{tourist.pk}") == 10000
    assert ledger.owed("merchant_payable:alpha") == 19000
    assert ledger.owed("merchant_payable:beta") == 27600
    assert ledger.owed("platform_commission") == 1000 + 2400
    splits = {s.merchant.schema_name: (s.gross_fen, s.commission_fen) for s in SettlementItem.objects.all()}
    assert splits == {"alpha": (20000, 1000), "beta": (30000, 2400)}
    assert ledger.trial_balance() == 0


def test_insufficient_wallet_changes_nothing(merchants, tourist):
    co = two_merchant_checkout(merchants, tourist)
    fund_wallet(tourist, 100)
    with pytest.raises(DomainError) as err:
        payments.create_intent(user=tourist, method="wallet", checkout_id=co.pk)
    assert err.value.code == "insufficient_balance"
    co.refresh_from_db()
    assert co.status == "pending_payment" and ledger.owed(f"wallet:{tourist.pk}") == 100


def test_payment_api_and_wallet_view(merchants, tourist, client):
    from rest_framework_simplejwt.tokens import AccessToken

    co = two_merchant_checkout(merchants, tourist)
    fund_wallet(tourist, 50000)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {AccessToken.for_user(tourist)}", "HTTP_HOST": "localhost"}
    paid = client.post("/api/v1/payments/", {"checkout_id": co.pk, "method": "wallet"},
                       content_type="application/json", HTTP_IDEMPOTENCY_KEY="pay-1", **auth)
    assert paid.status_code == 201 and paid.json()["status"] == "succeeded", paid.content
    again = client.post("/api/v1/payments/", {"checkout_id": co.pk, "method": "wallet"},
                        content_type="application/json", HTTP_IDEMPOTENCY_KEY="pay-1", **auth)
    assert again.json()["id"] == paid.json()["id"]
    closed = client.post("/api/v1/payments/", {"checkout_id": co.pk, "method": "wallet"},
                         content_type="application/json", **auth)
    assert closed.status_code == 409 and closed.json()["code"] == "checkout_closed"
    wallet = client.get("/api/v1/me/wallet/", **auth).json()
    assert wallet["balance_fen"] == 0 and wallet["recent"][-1]["amount_fen"] == -50000


def test_velocity_limit_stops_order_brushing(merchants, tourist):
    # The limiter counts per clock minute: start at a minute's beginning so all eleven tries fall in it.
    start = datetime.fromtimestamp((int(timezone.now().timestamp()) // 60 + 1) * 60, tz=timezone.get_current_timezone())
    with time_machine.travel(start, tick=True):
        _brush_eleven_times(tourist)


def _brush_eleven_times(tourist):
    for _ in range(10):
        with pytest.raises(DomainError) as err:
            payments.create_intent(user=tourist, method="wallet", checkout_id=999999)
        assert err.value.code == "not_found"
    with pytest.raises(DomainError) as err:
        payments.create_intent(user=tourist, method="wallet", checkout_id=999999)
    assert err.value.code == "too_many_payments" and err.value.status_code == 429


def test_refund_gives_back_commission_in_proportion(merchants, tourist, client_for):
    from tenants.utils import in_tenant

    co = two_merchant_checkout(merchants, tourist, tickets=3)  # 30000 at alpha
    fund_wallet(tourist, 60000)
    payments.create_intent(user=tourist, method="wallet", checkout_id=co.pk)
    with in_tenant(merchants["alpha"]):
        order = Order.objects.get(checkout_id=co.pk)
        line = order.lines.get()
        first = orders.request_refund(order_id=order.pk, actor="t", lines=[{"line_id": line.pk, "quantity": 1}])
        refund_approval.decide_refund(refund_id=first.pk, approve=True, actor="alpha_owner")
        second = orders.request_refund(order_id=order.pk, actor="t")
        refund_approval.decide_refund(refund_id=second.pk, approve=True, actor="alpha_owner")
    item = SettlementItem.objects.get(merchant=merchants["alpha"])
    assert (item.refunded_fen, item.refunded_commission_fen, item.net_fen) == (30000, 1500, 0)
    assert ledger.owed("merchant_payable:alpha") == 0
    assert ledger.owed(f"wallet:{tourist.pk}") == 30000  # 60000 - 60000 paid + 30000 back
    assert ledger.owed("platform_commission") == 2400  # only beta's commission remains
    assert ledger.trial_balance() == 0


@pytest.mark.clock
def test_release_withdraw_review_and_statement(merchants, tourist, client_for):
    co = two_merchant_checkout(merchants, tourist)
    fund_wallet(tourist, 50000)
    payments.create_intent(user=tourist, method="wallet", checkout_id=co.pk)
    owner = client_for("alpha_owner", "alpha")
    assert owner.get("/api/v1/merchant/settlement/").json()["pending_fen"] == 19000
    assert settlement.release_due() == 0  # T+1 not reached yet
    assert settlement.release_due(now=timezone.now() + timedelta(days=2)) == 2
    assert owner.get("/api/v1/merchant/settlement/").json()["available_fen"] == 19000

    missing_bank = owner.post("/api/v1/merchant/withdrawals/", {"amount_fen": 100}, content_type="application/json")
    assert missing_bank.json()["code"] == "bank_account_missing"
    merchants["alpha"].bank_account_no = "6222000011112222"
    merchants["alpha"].save(update_fields=["bank_account_no"])
    too_much = owner.post("/api/v1/merchant/withdrawals/", {"amount_fen": 19001}, content_type="application/json")
    assert too_much.status_code == 409 and too_much.json()["code"] == "insufficient_balance"
    w1 = owner.post("/api/v1/merchant/withdrawals/", {"amount_fen": 15000}, content_type="application/json").json()
    w2 = owner.post("/api/v1/merchant/withdrawals/", {"amount_fen": 4000}, content_type="application/json").json()
    balances = owner.get("/api/v1/merchant/settlement/").json()
    assert balances["available_fen"] == 0 and balances["withdrawing_fen"] == 19000
    assert client_for("alpha_clerk", "alpha").get("/api/v1/merchant/settlement/").status_code == 403

    make_operator("fin_op", "finance")
    ops = client_for("fin_op")
    paid = ops.post(f"/api/v1/ops/withdrawals/{w1['id']}/approve/", {}, content_type="application/json").json()
    assert paid["status"] == "paid" and paid["bank_txn_no"]
    assert ops.post(f"/api/v1/ops/withdrawals/{w2['id']}/reject/", {}, content_type="application/json"
                    ).json()["code"] == "note_required"
    ops.post(f"/api/v1/ops/withdrawals/{w2['id']}/reject/", {"note": "账户信息有误"}, content_type="application/json")
    assert ledger.owed("merchant_available:alpha") == 4000
    assert ledger.balance("platform_bank") == -15000
    statement = owner.get("/api/v1/merchant/statement/?account=available").json()
    assert [ln["kind"] for ln in statement["lines"]] == ["release", "withdrawal_request", "withdrawal_request",
                                                          "withdrawal_rejected"]
    assert statement["closing_fen"] == 4000
    assert ops.get("/api/v1/ops/finance/").json()["trial_balance_fen"] == 0


def test_concurrent_withdrawals_never_overdraw(merchants, transactional_db):
    alpha = merchants["alpha"]
    alpha.bank_account_no = "6222000011112222"
    alpha.save(update_fields=["bank_account_no"])
    ledger.post(kind="release", ref="seed", lines=[("merchant_payable:alpha", 10000),
                                                   ("merchant_available:alpha", -10000)])
    owner = make_user("alpha_owner")
    barrier, results = threading.Barrier(6), []

    def withdraw(_):
        barrier.wait()
        try:
            settlement.request_withdrawal(merchant=alpha, amount_fen=4000, user=owner)
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(withdraw, range(6)))
    assert results.count("ok") == 2 and results.count("insufficient_balance") == 4
    assert ledger.owed("merchant_available:alpha") == 2000


def test_concurrent_wallet_spends_never_overdraw(merchants, transactional_db, settings):
    settings.TOURIST_MAX_OPEN_CHECKOUTS = 5  # five unpaid checkouts of one tourist race for the wallet
    alpha = merchants["alpha"]
    t = ticket(alpha, capacity=50, price=3000)
    user = make_user("spender")
    fund_wallet(user, 10000)
    cos = [checkout.place_checkout(user=user, items=[item(alpha, t, 1, day=day(3))]) for _ in range(5)]
    barrier, results = threading.Barrier(5), []

    def spend(i):
        barrier.wait()
        try:
            payments.create_intent(user=user, method="wallet", checkout_id=cos[i].pk)
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    with ThreadPoolExecutor(5) as pool:
        list(pool.map(spend, range(5)))
    assert results.count("ok") == 3 and results.count("insufficient_balance") == 2
    assert ledger.owed(f"wallet:{user.pk}") == 1000
