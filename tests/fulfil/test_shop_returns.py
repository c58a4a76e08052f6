"""Returns after receipt (EC-SHP-09): a completed goods order may be returned within its return
window (七天无理由, per product `return_days`), the refund is what was really paid, and a refund
after the merchant's T+N release and the distributor's commission release keeps the ledger
balanced: the merchant's released balance and the distributor's commission are debited."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from shared_apps.checkout import services as checkout
from shared_apps.core.failures import DomainError
from shared_apps.ledger import services as ledger
from shared_apps.payments import refund_approval
from shared_apps.referrals.models import CommissionAccrual
from shared_apps.referrals.services import commission as referrals
from shared_apps.settlement import services as settlement
from shared_apps.settlement.models import SettlementItem
from tenant_apps.catalog.models import Product
from tenant_apps.orders.models import Order
from tenant_apps.promotions import coupons
from tenant_apps.shop import returns, shipping
from tenant_apps.shop.models import ReturnRequest, Shipment
from tenants.utils import in_tenant
from tests.builders.catalog import goods
from tests.builders.checkout import item, paid_order
from tests.builders.clients import call
from tests.builders.distribution import make_distributor

from .test_shop_discounts import basket

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def received_order(tourist, epsilon, address, lines, no="SB20001") -> Order:
    """Paid, shipped and received (completed) goods order."""
    order = paid_order(tourist, epsilon, [item(epsilon, p, q) for p, q in lines], address_id=address.pk)
    with in_tenant(epsilon):
        shipping.ship(shipment_id=Shipment.objects.get(order_id=order.pk).pk, carrier="sandbox", tracking_no=no,
                      actor="packer")
        shipping.confirm_received(order_id=order.pk, actor=tourist.username)
        order.refresh_from_db()
    assert order.status == "completed" and order.completed_at is not None
    return order


def run_return(epsilon, rma_id, tourist):
    with in_tenant(epsilon):
        returns.decide(rma_id=rma_id, approve=True, actor="mgr")
        returns.ship_back(rma_id=rma_id, carrier="sf", tracking_no="SF123456789", actor=tourist.username)
        returns.goods_received(rma_id=rma_id, actor="mgr")
        return refund_approval.refund_return(rma_id=rma_id, actor="mgr", restock=True)


def test_return_after_settlement_and_commission_release_keeps_the_ledger_balanced(shops, tourist, address,
                                                                                   tourist_client):
    epsilon = shops["epsilon"]
    dist = make_distributor("推荐旅行社")
    referrals.bind(user=tourist, code=dist.profile.referral_code)
    tea, cup = basket(epsilon)
    order = received_order(tourist, epsilon, address, [(tea, 2), (cup, 1)])
    assert order.discount_fen == 1000 and order.total_fen == 2 * 5800 + 12800 - 1000

    later = timezone.now() + timedelta(days=settings.SETTLEMENT_DELAY_DAYS + 1)
    assert settlement.release_due(now=later) >= 1
    split = SettlementItem.objects.get(merchant=epsilon, order_no=order.order_no)
    assert split.released_at is not None
    assert ledger.owed("merchant_payable:epsilon") == 0 and ledger.owed("merchant_available:epsilon") == split.net_fen
    referrals.sweep(now=timezone.now())  # the order is completed: its commission may be released...
    referrals.sweep(now=timezone.now() + timedelta(days=60))  # ...after the refund window
    accrual = CommissionAccrual.objects.get(order_no=order.order_no)
    assert accrual.status == "released" and ledger.owed(f"distributor_commission:{dist.pk}") == accrual.amount_fen
    wallet_before = ledger.owed(f"wallet:{tourist.pk}")

    with in_tenant(epsilon):
        tea_line = order.lines.get(product=tea)
    asked = call(tourist_client, "post", f"/api/v1/me/orders/epsilon/{order.order_no}/returns/",
                 {"kind": "return", "reason": "七天无理由", "lines": [{"line_id": tea_line.pk, "quantity": 1}]},
                 HTTP_IDEMPOTENCY_KEY="rma-1")
    assert asked.status_code == 201, asked.content
    paid_per_tea = (tea_line.amount_fen - tea_line.discount_fen) // 2
    assert asked.json()["amount_fen"] == paid_per_tea
    run_return(epsilon, asked.json()["id"], tourist)

    commission_back = split.commission_fen * paid_per_tea // split.gross_fen
    assert ledger.owed("merchant_available:epsilon") == split.net_fen - (paid_per_tea - commission_back)
    assert ledger.owed(f"wallet:{tourist.pk}") == wallet_before + paid_per_tea
    clawed = accrual.amount_fen * paid_per_tea // accrual.order_fen
    assert ledger.owed(f"distributor_commission:{dist.pk}") == accrual.amount_fen - clawed
    assert ledger.trial_balance() == 0

    # the rest comes back too (a second RMA): everything paid is refunded, nothing is left anywhere
    with in_tenant(epsilon):
        rma = returns.request(order_id=order.pk, kind="return", reason="都不要了", actor=tourist.username,
                              user_id=tourist.pk)
    run_return(epsilon, rma.pk, tourist)
    with in_tenant(epsilon):
        order.refresh_from_db()
        assert order.status == "refunded" and order.refunded_fen == order.total_fen
    split.refresh_from_db()
    assert split.refunded_fen == split.gross_fen
    assert ledger.owed("merchant_available:epsilon") == 0 and ledger.owed("merchant_payable:epsilon") == 0
    assert ledger.owed(f"distributor_commission:{dist.pk}") == 0
    assert ledger.owed(f"wallet:{tourist.pk}") == wallet_before + order.total_fen
    assert ledger.trial_balance() == 0


def test_return_before_release_debits_the_merchant_payable(shops, tourist, address):
    epsilon = shops["epsilon"]
    tea = goods(epsilon, name="婺源绿茶", stock=50)
    order = received_order(tourist, epsilon, address, [(tea, 1)])
    split = SettlementItem.objects.get(merchant=epsilon, order_no=order.order_no)
    assert ledger.owed("merchant_payable:epsilon") == split.net_fen
    with in_tenant(epsilon):
        rma = returns.request(order_id=order.pk, kind="return", reason="不喜欢", actor="t")
    run_return(epsilon, rma.pk, tourist)
    assert ledger.owed("merchant_payable:epsilon") == 0 and ledger.trial_balance() == 0


def test_return_window(shops, tourist, address, tourist_client):
    epsilon = shops["epsilon"]
    tea = goods(epsilon, name="婺源绿茶", stock=50)
    order = received_order(tourist, epsilon, address, [(tea, 1)])
    path = f"/api/v1/me/orders/epsilon/{order.order_no}/"
    with in_tenant(epsilon):
        Order.objects.filter(pk=order.pk).update(completed_at=timezone.now() - timedelta(days=7, minutes=1))
    closed = call(tourist_client, "post", path + "returns/", {"kind": "return", "reason": "晚了"},
                  HTTP_IDEMPOTENCY_KEY="late-rma")
    assert closed.status_code == 409 and closed.json()["code"] == "return_window_closed"
    refund = call(tourist_client, "post", path + "refund/", {"reason": "晚了"}, HTTP_IDEMPOTENCY_KEY="late-ref")
    assert refund.status_code == 409 and refund.json()["code"] == "return_window_closed"

    with in_tenant(epsilon):
        Order.objects.filter(pk=order.pk).update(completed_at=timezone.now() - timedelta(days=6))
        rma = returns.request(order_id=order.pk, kind="return", reason="还来得及", actor="t")  # inside the window
        returns.decide(rma_id=rma.pk, approve=True, actor="mgr")
        returns.goods_received(rma_id=rma.pk, actor="mgr")
        # the merchant confirms receipt after the window closed: the accepted return is still refunded
        Order.objects.filter(pk=order.pk).update(completed_at=timezone.now() - timedelta(days=30))
        assert refund_approval.refund_return(rma_id=rma.pk, actor="mgr").status == "refunded"
        assert Order.objects.get(pk=order.pk).status == "refunded"

    # a product that takes no returns without reason (return_days = 0)
    fragile = goods(epsilon, name="定制瓷盘", price=30000, stock=50)
    with in_tenant(epsilon):
        Product.objects.filter(pk=fragile.pk).update(attributes={"return_days": 0})
    other = received_order(tourist, epsilon, address, [(fragile, 1)], no="SB20002")
    with in_tenant(epsilon), pytest.raises(DomainError) as exc:
        returns.request(order_id=other.pk, kind="return", reason="不想要", actor="t")
    assert exc.value.code == "return_window_closed"
    with in_tenant(epsilon):  # an exchange (e.g. broken on arrival) is still possible
        assert returns.request(order_id=other.pk, kind="exchange", reason="有裂纹", actor="t").kind == "exchange"


def test_h5_my_orders_offers_return_for_completed_goods(shops, tourist, address, tourist_client):
    epsilon = shops["epsilon"]
    tea = goods(epsilon, name="婺源绿茶", stock=50)
    order = received_order(tourist, epsilon, address, [(tea, 2)])
    listing = tourist_client.get("/orders/").content.decode()
    assert "return-tag" in listing and "申请退货" in listing
    detail_url = f"/orders/epsilon/{order.order_no}/"
    assert 'id="request-return"' in tourist_client.get(detail_url).content.decode()
    posted = tourist_client.post(detail_url + "return/", {"reason": "颜色不喜欢"})
    assert posted.status_code == 302
    with in_tenant(epsilon):
        rma = ReturnRequest.objects.get(order_id=order.pk)
        assert (rma.kind, rma.status, rma.amount_fen) == ("return", "requested", order.total_fen)
    page = tourist_client.get(detail_url).content.decode()
    assert 'id="request-return"' not in page and "退货退款 · 待审核" in page  # one open return at a time
    with in_tenant(epsilon):
        returns.cancel(rma_id=rma.pk, actor=tourist.username)
        Order.objects.filter(pk=order.pk).update(completed_at=timezone.now() - timedelta(days=8))
    assert 'id="request-return"' not in tourist_client.get(detail_url).content.decode()
    assert "return-tag" not in tourist_client.get("/orders/").content.decode()


def test_h5_checkout_shows_bundle_and_coupon_discounts(shops, tourist, address, tourist_client):

    epsilon = shops["epsilon"]
    tea, cup = basket(epsilon)
    with in_tenant(epsilon):
        code = coupons.issue_coupons(amount_fen=1500)[0].code
    checkout.add_to_cart(user=tourist, item=item(epsilon, tea, 1))
    checkout.add_to_cart(user=tourist, item=item(epsilon, cup, 1))
    page = tourist_client.get("/checkout/").content.decode()
    assert "满件优惠" in page and "-¥10<" in page and "¥176<" in page  # 186.00 - 10.00
    applied = tourist_client.post("/checkout/", {"apply_coupon": "1", "coupon_epsilon": code.lower(),
                                                 "contact_name": "小明", "method": "wallet",
                                                 "address": str(address.pk)}).content.decode()
    assert "-¥15<" in applied and "¥161<" in applied and "已优惠 ¥25<" in applied
    wrong = tourist_client.post("/checkout/", {"apply_coupon": "1", "coupon_epsilon": "WRONG23456"}).content.decode()
    assert "券码不存在" in wrong
    token = applied.split('name="token" value="')[1].split('"')[0]
    placed = tourist_client.post("/checkout/", {"token": token, "coupon_epsilon": code, "contact_name": "小明",
                                                "method": "wallet", "address": str(address.pk)})
    assert placed.status_code == 302
    with in_tenant(epsilon):
        order = Order.objects.filter(user_id=tourist.pk).latest("id")
        assert (order.discount_fen, order.total_fen, order.coupon_code) == (2500, 16100, code)
