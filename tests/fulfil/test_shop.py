"""Shop: shipments from paid goods orders, shipping, sandbox tracking, receipt -> completed,
returns (refund through the order) and exchanges, complaints, daily sales statistics,
bundle discounts, suppliers, the tourist endpoints, console pages and isolation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.payments import refund_approval
from shared_apps.payments.models import Refund
from tenant_apps.inventory.models import CapacitySlot
from tenant_apps.orders import services as orders
from tenant_apps.orders import signals
from tenant_apps.orders.models import Order
from tenant_apps.promotions import bundles
from tenant_apps.shop import complaints, returns, shipping, stats
from tenant_apps.shop.models import Shipment
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import goods
from tests.builders.checkout import item, paid_order
from tests.builders.clients import call

pytestmark = pytest.mark.django_db


def buy(user, merchant, lines, address):
    return paid_order(user, merchant, [item(merchant, p, q) for p, q in lines], address_id=address.pk)


def shipped_order(tourist, epsilon, address, *, qty=2, no="SB10001"):
    tea = goods(epsilon, name="婺源绿茶", stock=50)
    order = buy(tourist, epsilon, [(tea, qty)], address)
    with in_tenant(epsilon):
        shipping.ship(shipment_id=Shipment.objects.get(order_id=order.pk).pk, carrier="sandbox", tracking_no=no,
                      actor="packer")
    return order, tea


def test_paid_goods_order_gets_one_shipment(shops, tourist, address):
    epsilon = shops["epsilon"]
    tea, jar = goods(epsilon, name="婺源绿茶", stock=50), goods(epsilon, name="景德镇瓷杯", price=12800, stock=50)
    order = buy(tourist, epsilon, [(tea, 2), (jar, 1)], address)
    with in_tenant(epsilon):
        shipment = Shipment.objects.get(order_id=order.pk)
        assert shipment.status == "pending" and shipment.kind == "order"
        assert [(ln["product_name"], ln["quantity"]) for ln in shipment.lines] == [("婺源绿茶", 2), ("景德镇瓷杯", 1)]
        assert shipment.address["detail"] == "紫阳镇文公路 1 号"
        signals.order_paid.send(sender=Order, order=Order.objects.get(pk=order.pk))
        assert Shipment.objects.filter(order_id=order.pk).count() == 1


def test_ship_track_deliver_receive_completes_the_order(shops, tourist, address):
    epsilon = shops["epsilon"]
    order, _ = shipped_order(tourist, epsilon, address)
    with in_tenant(epsilon):
        assert Order.objects.get(pk=order.pk).status == "shipped"
        shipment = Shipment.objects.get(order_id=order.pk)
        assert (shipment.status, shipment.carrier, shipment.tracking_no) == ("shipped", "sandbox", "SB10001")
        other = buy(tourist, epsilon, [(goods(epsilon, name="南酸枣糕", price=2500, stock=50), 1)], address)
        with pytest.raises(DomainError) as exc:
            shipping.ship(shipment_id=Shipment.objects.get(order_id=other.pk).pk, carrier="sandbox",
                          tracking_no="SB10001", actor="packer")
        assert exc.value.code == "tracking_no_taken"
        assert [shipping.poll_tracking(shipment_id=shipment.pk) for _ in range(5)] == [1, 1, 1, 1, 0]
        shipment.refresh_from_db()
        assert shipment.status == "delivered"
        assert list(shipment.tracking.values_list("code", flat=True)) == [
            "accepted", "in_transit", "out_for_delivery", "delivered"]
        shipping.confirm_received(order_id=order.pk, actor="fulfil_tourist")
        assert Order.objects.get(pk=order.pk).status == "completed"
        with pytest.raises(DomainError) as exc:
            shipping.confirm_received(order_id=order.pk, actor="fulfil_tourist")
        assert exc.value.code == "invalid_transition"


@pytest.mark.clock
def test_delivered_parcels_are_received_automatically_after_a_week(shops, tourist, address):
    epsilon = shops["epsilon"]
    order, _ = shipped_order(tourist, epsilon, address)
    with in_tenant(epsilon):
        shipment = Shipment.objects.get(order_id=order.pk)
        shipping.add_tracking(shipment_id=shipment.pk, code="delivered", description="已签收", actor="desk")
        assert shipping.auto_receive() == 0
        assert shipping.auto_receive(now=timezone.now() + timedelta(days=8)) == 1
        assert Order.objects.get(pk=order.pk).status == "completed"


def test_refund_before_shipping_shrinks_or_cancels_the_shipment(shops, tourist, address):
    epsilon = shops["epsilon"]
    tea = goods(epsilon, name="婺源绿茶", stock=50)
    order = buy(tourist, epsilon, [(tea, 3)], address)
    with in_tenant(epsilon):
        line = order.lines.get()
        for qty, expected in ((1, ("pending", 2)), (2, ("cancelled", 2))):
            refund = orders.request_refund(order_id=order.pk, actor="t", lines=[{"line_id": line.pk, "quantity": qty}])
            refund_approval.decide_refund(refund_id=refund.pk, approve=True, actor="mgr")
            shipment = Shipment.objects.get(order_id=order.pk)
            assert (shipment.status, shipment.lines[0]["quantity"]) == expected
        with pytest.raises(DomainError) as exc:
            shipping.ship(shipment_id=shipment.pk, carrier="sf", tracking_no="SF123456", actor="packer")
        assert exc.value.code == "invalid_transition"


def test_return_is_refunded_through_the_order_and_restocked(shops, tourist, address):
    epsilon = shops["epsilon"]
    order, tea = shipped_order(tourist, epsilon, address, qty=3)
    with in_tenant(epsilon):
        line = order.lines.get()
        rma = returns.request(order_id=order.pk, kind="return", reason="包装破损", actor="fulfil_tourist",
                              lines=[{"line_id": line.pk, "quantity": 2}])
        assert rma.amount_fen == 2 * 5800
        with pytest.raises(DomainError) as exc:
            returns.request(order_id=order.pk, kind="exchange", reason="again", actor="t")
        assert exc.value.code == "rma_exists"
        with pytest.raises(DomainError) as exc:
            returns.goods_received(rma_id=rma.pk, actor="mgr")
        assert exc.value.code == "invalid_transition"
        returns.decide(rma_id=rma.pk, approve=True, actor="mgr")
        returns.ship_back(rma_id=rma.pk, carrier="zto", tracking_no="ZT7788", actor="fulfil_tourist")
        with pytest.raises(DomainError) as exc:
            shipping.confirm_received(order_id=order.pk, actor="t")
        assert exc.value.code == "rma_open"
        returns.goods_received(rma_id=rma.pk, actor="mgr")
        sold_before = CapacitySlot.objects.get(product=tea).sold
        rma = refund_approval.refund_return(rma_id=rma.pk, actor="mgr", restock=True)
        assert rma.status == "refunded" and rma.refund.status == "approved" and rma.refund.amount_fen == 11600
        order.refresh_from_db()
        assert (order.status, order.refunded_fen) == ("partially_refunded", 11600)
        assert CapacitySlot.objects.get(product=tea).sold == sold_before - 2
        assert [e["to"] for e in returns.rma_row(rma)["events"]] == [
            "requested", "approved", "approved", "goods_received", "refunded"]
    refund = Refund.objects.get(order_no=order.order_no)
    assert refund.amount_fen == 11600  # the money really goes back, through payments
    with in_tenant(epsilon):
        shipping.confirm_received(order_id=order.pk, actor="fulfil_tourist")  # the one left is kept
        assert Order.objects.get(pk=order.pk).status == "completed"


@pytest.mark.clock
def test_rejected_return_and_exchange_after_receipt(shops, tourist, address):
    epsilon = shops["epsilon"]
    order, _ = shipped_order(tourist, epsilon, address, qty=1)
    with in_tenant(epsilon):
        rma = returns.request(order_id=order.pk, kind="return", reason="不想要了", actor="t")
        with pytest.raises(DomainError) as exc:
            returns.decide(rma_id=rma.pk, approve=False, actor="mgr")
        assert exc.value.code == "note_required"
        returns.decide(rma_id=rma.pk, approve=False, actor="mgr", note="已拆封，不支持无理由退货")
        shipping.confirm_received(order_id=order.pk, actor="t")
        Order.objects.filter(pk=order.pk).update(completed_at=timezone.now() - timedelta(days=8))  # window closed
        with pytest.raises(DomainError) as exc:
            returns.request(order_id=order.pk, kind="return", reason="坏了", actor="t")
        assert exc.value.code == "return_window_closed"
        swap = returns.request(order_id=order.pk, kind="exchange", reason="杯子有裂纹", actor="t")
        assert swap.amount_fen == 0
        returns.decide(rma_id=swap.pk, approve=True, actor="mgr")
        returns.goods_received(rma_id=swap.pk, actor="mgr")
        with pytest.raises(DomainError) as exc:
            refund_approval.refund_return(rma_id=swap.pk, actor="mgr")
        assert exc.value.code == "invalid_transition"
        exchange = Shipment.objects.get(rma=swap)
        assert exchange.kind == "exchange" and exchange.status == "pending"
        shipping.ship(shipment_id=exchange.pk, carrier="sf", tracking_no="SF99887766", actor="packer")
        swap.refresh_from_db()
        assert swap.status == "exchanged" and Order.objects.get(pk=order.pk).status == "completed"


def test_complaint_flow_reply_follow_up_escalate_and_platform_close(shops, tourist, address):
    epsilon = shops["epsilon"]
    order, _ = shipped_order(tourist, epsilon, address)
    with in_tenant(epsilon):
        c = complaints.open_complaint(order_id=order.pk, subject="发货太慢", body="三天还没到", actor="t", user_id=1)
        with pytest.raises(DomainError) as exc:
            complaints.open_complaint(order_id=order.pk, subject="又一个", body="x", actor="t")
        assert exc.value.code == "complaint_exists"
        assert complaints.merchant_reply(complaint_id=c.pk, body="已催快递", actor="mgr").status == "replied"
        assert complaints.tourist_follow_up(complaint_id=c.pk, body="还是没到", actor="t").status == "open"
        assert complaints.escalate(complaint_id=c.pk, actor="t", reason="商家不处理").status == "escalated"
        with pytest.raises(DomainError) as exc:
            complaints.close(complaint_id=c.pk, actor="t")
        assert exc.value.code == "complaint_escalated"
        done = complaints.resolve_escalated(complaint_id=c.pk, actor="op_admin", note="已协调商家补发")
        assert done.status == "closed"
        row = complaints.complaint_row(done)
        assert [m["author_kind"] for m in row["messages"]] == ["tourist", "merchant", "tourist", "tourist", "platform"]
        assert [e["to"] for e in row["events"]] == ["open", "replied", "open", "escalated", "closed"]
        with pytest.raises(DomainError) as exc:
            complaints.merchant_reply(complaint_id=c.pk, body="?", actor="mgr")
        assert exc.value.code == "complaint_closed"
        second = complaints.open_complaint(order_id=order.pk, subject="包装", body="盒子压坏", actor="t")
        assert complaints.close(complaint_id=second.pk, actor="t", rating=4).rating == 4


@pytest.mark.clock
def test_daily_sales_statistics(shops, tourist, address):
    epsilon = shops["epsilon"]
    tea, cup = goods(epsilon, name="婺源绿茶", stock=50), goods(epsilon, name="瓷杯", price=12800, stock=50)
    first = buy(tourist, epsilon, [(tea, 2), (cup, 1)], address)
    buy(tourist, epsilon, [(tea, 1)], address)
    today = timezone.localdate()
    with in_tenant(epsilon):
        line = first.lines.get(product_id=cup.pk)
        refund = orders.request_refund(order_id=first.pk, actor="t", lines=[{"line_id": line.pk, "quantity": 1}])
        refund_approval.decide_refund(refund_id=refund.pk, approve=True, actor="mgr")
        data = stats.daily_sales(start=today - timedelta(days=2), end=today)
    assert [d["orders"] for d in data["days"]] == [0, 0, 2]
    assert data["days"][-1] | {"day": None} == {"day": None, "orders": 2, "units": 4, "gross_fen": 3 * 5800 + 12800,
                                                  "refunded_fen": 12800, "net_fen": 3 * 5800}
    assert [p["name"] for p in data["top_products"]] == ["婺源绿茶", "瓷杯"]
    with in_tenant(epsilon), pytest.raises(DomainError):
        stats.daily_sales(start=today, end=today - timedelta(days=1))


def test_bundle_discount_pure_function():
    offer = bundles.Offer(1, "特产任选3件减20", frozenset({10, 11, 12}), 3, 2000)
    pair = bundles.Offer(2, "茶叶两盒减15", frozenset({10}), 2, 1500)
    lines = [bundles.Line(10, 4, 5800), bundles.Line(11, 1, 3000), bundles.Line(99, 1, 100000)]
    result = bundles.best_discount(lines, [offer, pair])
    # pair has the better rate (7.50/unit vs 6.67/unit): twice on the 4 teas, then 1 unit left -> no triple
    assert result["applied"] == [{"offer_id": 2, "name": "茶叶两盒减15", "times": 2, "discount_fen": 3000}]
    assert (result["subtotal_fen"], result["discount_fen"], result["total_fen"]) == (126200, 3000, 123200)
    assert bundles.best_discount([bundles.Line(10, 2, 500)], [pair])["discount_fen"] == 1000  # never below zero
    assert bundles.best_discount([bundles.Line(10, 1, 5800)], [offer, pair])["discount_fen"] == 0
    assert bundles.best_discount([], [offer])["applied"] == []


@pytest.mark.clock
def test_merchant_api_suppliers_bundles_shipping_returns_complaints_stats(shops, tourist, address, client_for):
    epsilon = shops["epsilon"]
    order, tea = shipped_order(tourist, epsilon, address)
    owner = client_for("epsilon_owner", "epsilon")
    clerk = client_for("epsilon_clerk", "epsilon")
    assert call(clerk, "post", "/api/v1/merchant/shop/suppliers/", {"name": "婺源茶厂"}).status_code == 403
    sup = call(owner, "post", "/api/v1/merchant/shop/suppliers/", {"name": "婺源茶厂", "phone": "0793-7000000"}).json()
    linked = call(owner, "put", f"/api/v1/merchant/shop/suppliers/{sup['id']}/products/",
                  [{"product_id": tea.pk, "cost_fen": 3000, "is_primary": True}]).json()
    assert linked["products"][0]["product_name"] == "婺源绿茶"
    bundle = call(owner, "post", "/api/v1/merchant/shop/bundles/",
                  {"name": "两盒减10", "product_ids": [tea.pk], "min_quantity": 2, "discount_fen": 1000})
    assert bundle.status_code == 201
    preview = call(clerk, "post", "/api/v1/merchant/shop/bundles/preview/",
                   {"lines": [{"product_id": tea.pk, "quantity": 5}]}).json()
    assert (preview["subtotal_fen"], preview["discount_fen"]) == (29000, 2000)
    shipment = clerk.get("/api/v1/merchant/shop/shipments/?status=shipped").json()[0]
    assert shipment["order_no"] == order.order_no and shipment["carrier_name"] == "沙箱快递（测试）"
    polled = call(clerk, "post", f"/api/v1/merchant/shop/shipments/{shipment['id']}/poll/").json()
    assert [t["code"] for t in polled["tracking"]] == ["accepted"]
    manual = call(clerk, "post", f"/api/v1/merchant/shop/shipments/{shipment['id']}/tracking/",
                  {"code": "in_transit", "location": "南昌"})
    assert manual.status_code == 201
    with in_tenant(epsilon):
        rma = returns.request(order_id=order.pk, kind="return", reason="破损", actor="t")
        c = complaints.open_complaint(order_id=order.pk, subject="破损", body="盒子坏了", actor="t")
    assert call(clerk, "post", f"/api/v1/merchant/shop/returns/{rma.pk}/approve/").json()["status"] == "approved"
    call(clerk, "post", f"/api/v1/merchant/shop/returns/{rma.pk}/goods-received/")
    refunded = call(clerk, "post", f"/api/v1/merchant/shop/returns/{rma.pk}/refund/", {"restock": True}).json()
    assert refunded["status"] == "refunded" and refunded["amount_fen"] == 11600
    replied = call(clerk, "post", f"/api/v1/merchant/shop/complaints/{c.pk}/reply/", {"body": "已为您退款"}).json()
    assert replied["status"] == "replied" and replied["messages"][-1]["author_kind"] == "merchant"
    daily = clerk.get("/api/v1/merchant/shop/stats/daily/").json()
    assert daily["totals"]["orders"] == 1 and daily["totals"]["refunded_fen"] == 11600


def test_tourist_endpoints_for_goods(shops, tourist, address, tourist_client, client_for):
    epsilon = shops["epsilon"]
    order, tea = shipped_order(tourist, epsilon, address)
    base = f"/api/v1/me/orders/epsilon/{order.order_no}/"
    tracked = tourist_client.get(base + "shipments/").json()
    assert tracked[0]["tracking_no"] == "SB10001" and tracked[0]["status"] == "shipped"
    rma = call(tourist_client, "post", base + "returns/", {"kind": "exchange", "reason": "发错口味"},
               HTTP_IDEMPOTENCY_KEY="rma-1")
    assert rma.status_code == 201, rma.json()
    assert call(tourist_client, "post", base + f"returns/{rma.json()['id']}/cancel/").json()["status"] == "cancelled"
    complaint = call(tourist_client, "post", base + "complaints/", {"subject": "客服态度", "body": "回复太慢"}).json()
    follow = call(tourist_client, "post", base + f"complaints/{complaint['id']}/escalate/", {"reason": "无人回复"})
    assert follow.json()["status"] == "escalated"
    received = call(tourist_client, "post", base + "receive/").json()
    assert received[0]["status"] == "received"
    with in_tenant(epsilon):
        assert Order.objects.get(pk=order.pk).status == "completed"
    preview = call(client_for(), "post", "/api/v1/market/merchants/epsilon/bundles/preview/",
                   {"lines": [{"product_id": tea.pk, "quantity": 2}]}).json()
    assert preview["subtotal_fen"] == 11600 and preview["discount_fen"] == 0
    # someone else's order is a 404, exactly like a missing one
    make_user("nosy")
    nosy = client_for("nosy")
    assert nosy.get(base + "shipments/").status_code == 404
    assert call(nosy, "post", base + "receive/").status_code == 404


def test_isolation_and_console_pages(shops, tourist, address, client_for):
    epsilon = shops["epsilon"]
    order, _ = shipped_order(tourist, epsilon, address)
    with in_tenant(epsilon):
        shipment = Shipment.objects.get(order_id=order.pk)
        c = complaints.open_complaint(order_id=order.pk, subject="慢", body="慢", actor="t")
        returns.request(order_id=order.pk, kind="return", reason="坏", actor="t")
    intruder = client_for("alpha_owner", "epsilon")
    for method, path in [("get", "/api/v1/merchant/shop/shipments/"),
                         ("post", f"/api/v1/merchant/shop/shipments/{shipment.pk}/tracking/"),
                         ("post", f"/api/v1/merchant/shop/complaints/{c.pk}/reply/"),
                         ("get", "/api/v1/merchant/shop/stats/daily/")]:
        assert call(intruder, method, path, {"body": "x", "code": "delivered"}).status_code == 403, path
    assert intruder.get("/console/shop/").status_code == 403
    own = client_for("alpha_owner", "alpha")  # alpha's schema has no such shipment
    assert own.get(f"/api/v1/merchant/shop/shipments/{shipment.pk}/").status_code == 404
    clerk = client_for("epsilon_clerk", "epsilon")
    for path in ("/console/shop/", "/console/shop/?status=shipped", f"/console/shop/shipments/{shipment.pk}/",
                 "/console/shop/returns/", "/console/shop/complaints/", f"/console/shop/complaints/{c.pk}/",
                 "/console/shop/stats/", "/console/shop/suppliers/"):
        assert clerk.get(path).status_code == 200, path
    chart = clerk.get("/console/shop/stats/").content.decode()
    assert "vendor/echarts.min.js" in chart and "sales-data" in chart and "cdn" not in chart.lower()
    page = clerk.post(f"/console/shop/complaints/{c.pk}/", {"body": "马上处理"}, follow=True).content.decode()
    assert "已回复" in page and "马上处理" in page
    polled = clerk.post(f"/console/shop/shipments/{shipment.pk}/", {"action": "poll"}, follow=True).content.decode()
    assert "快递员已揽收" in polled
