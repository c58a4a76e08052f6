"""Payments end to end through the real SDKs, the sandbox gateway and our callback endpoint
(served by live_server), with a real Celery worker for refunds."""

import time
from functools import partial

import pytest
from django.utils import timezone

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout
from shared_apps.ledger import services as ledger
from shared_apps.payments import refund_approval
from shared_apps.payments import services as payments
from shared_apps.payments.gateways import sandbox_settings
from shared_apps.payments.models import GatewayCallback, PaymentIntent, Refund
from shared_apps.settlement.reconcile import reconcile
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order
from tests.builders import threads
from tests.builders.accounts import make_user
from tests.builders.checkout import fund_wallet, two_merchant_checkout

wait_for = partial(threads.wait_for, timeout=15.0)  # these notices arrive within a second or two


@pytest.fixture
def live_gateways(live_server, sandbox, settings):
    """Gateways pointed at the sandbox; their notifications come to our live callback view."""
    settings.PAYMENT_NOTIFY_BASE_URL = live_server.url
    settings.PAYMENT_GATEWAYS = sandbox_settings(
        sandbox.url, sandbox.credentials["state_dir"],
        refund_notify_url=f"{live_server.url}/api/v1/payments/callbacks/wechat/")
    return live_server


@pytest.fixture
def buyer(transactional_db):
    return make_user("gw_buyer", display_name="网关买家", phone="13700000001")


def intent_status(intent_id):
    return PaymentIntent.objects.get(pk=intent_id).status


@pytest.mark.parametrize("method", ["wechat", "alipay"])
def test_gateway_payment_with_duplicate_and_late_closed_notifications(method, merchants, buyer, live_gateways,
                                                                     sandbox_client):
    co = two_merchant_checkout(merchants, buyer)
    intent = payments.create_intent(user=buyer, method=method, checkout_id=co.pk, return_url="http://localhost/")
    tender = intent.tenders.get()
    assert tender.pay_url.startswith(sandbox_client.url)
    if method == "alipay":
        sandbox_client.open(tender.pay_url)
    sandbox_client.pay(method, tender.out_trade_no, duplicate=2, out_of_order=True)
    assert wait_for(lambda: intent_status(intent.pk) == "succeeded")
    assert wait_for(lambda: GatewayCallback.objects.filter(out_trade_no=tender.out_trade_no).count() >= 2)
    time.sleep(0.5)  # let the duplicates and the late "closed" notice arrive
    assert Checkout.objects.get(pk=co.pk).status == "paid"
    assert intent_status(intent.pk) == "succeeded"
    assert ledger.balance(f"gateway_clearing:{method}") == 50000
    assert ledger.owed("merchant_payable:alpha") == 19000 and ledger.owed("merchant_payable:beta") == 27600
    assert ledger.trial_balance() == 0
    ok = GatewayCallback.objects.filter(out_trade_no=tender.out_trade_no, verified=True)
    assert ok.filter(processed_at__isnull=False).count() >= 1


@pytest.mark.parametrize("option", ["bad_signature", "stale_timestamp", "notify_false"])
def test_lost_or_forged_callbacks_are_caught_by_the_active_query(option, merchants, buyer, live_gateways,
                                                                  sandbox_client):
    if option == "stale_timestamp":
        pytest.importorskip("wechatpayv3")
    co = two_merchant_checkout(merchants, buyer)
    intent = payments.create_intent(user=buyer, method="wechat", checkout_id=co.pk)
    tender = intent.tenders.get()
    opts = {"notify": False} if option == "notify_false" else {option: True}
    sandbox_client.pay("wechat", tender.out_trade_no, **opts)
    if option != "notify_false":
        assert wait_for(lambda: payments.refused_callbacks("wechat") > 0)  # refused, and not stored
        assert not GatewayCallback.objects.filter(out_trade_no=tender.out_trade_no).exists()
    assert intent_status(intent.pk) == "requires_payment"
    assert payments.query_pending(older_than_seconds=0) == 1
    assert intent_status(intent.pk) == "succeeded"
    assert Checkout.objects.get(pk=co.pk).status == "paid"


def test_combined_payment_wallet_plus_alipay_and_failure_unfreezes(merchants, buyer, live_gateways,
                                                                   sandbox_client):
    fund_wallet(buyer, 20000)
    co = two_merchant_checkout(merchants, buyer)
    intent = payments.create_intent(user=buyer, method="alipay", checkout_id=co.pk, wallet_fen=15000)
    assert payments.wallet_available(buyer) == 5000  # frozen while the gateway part is open
    gateway_tender = intent.tenders.get(method="alipay")
    assert gateway_tender.amount_fen == 35000
    sandbox_client.open(gateway_tender.pay_url)
    sandbox_client.fail("alipay", gateway_tender.out_trade_no)
    payments.query_pending(older_than_seconds=0)
    assert intent_status(intent.pk) == "failed"
    assert payments.wallet_available(buyer) == 20000 and ledger.owed(f"wallet:{buyer.pk}") == 20000

    again = payments.create_intent(user=buyer, method="alipay", checkout_id=co.pk, wallet_fen=15000)
    tender = again.tenders.get(method="alipay")
    sandbox_client.open(tender.pay_url)
    sandbox_client.pay("alipay", tender.out_trade_no)
    assert wait_for(lambda: intent_status(again.pk) == "succeeded")
    assert ledger.owed(f"wallet:{buyer.pk}") == 5000
    assert ledger.balance("gateway_clearing:alipay") == 35000
    assert ledger.trial_balance() == 0


@pytest.mark.clock
def test_refund_goes_back_through_the_gateway_with_a_real_worker(merchants, buyer, live_gateways, sandbox_client,
                                                                 live_worker):
    from tenants.utils import in_tenant

    sandbox_client.reset()  # today's bill must hold this test's trades only
    co = two_merchant_checkout(merchants, buyer)
    intent = payments.create_intent(user=buyer, method="wechat", checkout_id=co.pk)
    tender = intent.tenders.get()
    sandbox_client.pay("wechat", tender.out_trade_no)
    assert wait_for(lambda: intent_status(intent.pk) == "succeeded")
    with in_tenant(merchants["alpha"]):
        order = Order.objects.get(checkout_id=co.pk)
        request = orders.request_refund(order_id=order.pk, actor="gw_buyer",
                                        lines=[{"line_id": order.lines.get().pk, "quantity": 1}])
        refund_approval.decide_refund(refund_id=request.pk, approve=True, actor="alpha_owner")
    refund = Refund.objects.get(tender=tender)
    assert refund.amount_fen == 10000
    assert wait_for(lambda: Refund.objects.get(pk=refund.pk).status == "succeeded", timeout=30)
    assert ledger.balance("gateway_clearing:wechat") == 40000
    assert ledger.balance("suspense") == 0
    assert ledger.owed("merchant_payable:alpha") == 19000 - 9500
    assert sandbox_client.order("wechat", tender.out_trade_no)["refunded_fen"] == 10000
    run = reconcile(gateway="wechat", day=timezone.localdate())
    assert run.mismatches == 0 and run.matched == 2
    sandbox_client.bill_anomaly("wechat", str(timezone.localdate()), "long")
    sandbox_client.bill_anomaly("wechat", str(timezone.localdate()), "amount", out_trade_no=tender.out_trade_no)
    kinds = sorted(reconcile(gateway="wechat", day=timezone.localdate()).items.values_list("kind", flat=True))
    assert kinds == ["amount", "long"]
    sandbox_client.clear_anomalies("wechat", str(timezone.localdate()))


@pytest.mark.clock
def test_topup_and_payment_for_an_expired_checkout_is_refunded(merchants, buyer, live_gateways, sandbox_client,
                                                              live_worker):
    topup = payments.create_intent(user=buyer, method="wechat", topup_fen=8800)
    sandbox_client.pay("wechat", topup.tenders.get().out_trade_no)
    assert wait_for(lambda: intent_status(topup.pk) == "succeeded")
    assert ledger.owed(f"wallet:{buyer.pk}") == 8800

    co = two_merchant_checkout(merchants, buyer)
    intent = payments.create_intent(user=buyer, method="wechat", checkout_id=co.pk)
    tender = intent.tenders.get()
    sandbox_client.pay("wechat", tender.out_trade_no, notify=False)  # paid, but the notice is lost...
    checkout.cancel_checkout(checkout_id=co.pk, actor="gw_buyer")  # ...and the tourist cancels: close fails
    assert wait_for(lambda: Refund.objects.filter(tender=tender, status="succeeded").exists(), timeout=30)
    assert Checkout.objects.get(pk=co.pk).status == "cancelled"
    assert ledger.balance("suspense") == 0 and ledger.balance("gateway_clearing:wechat") == 8800
    assert ledger.trial_balance() == 0
