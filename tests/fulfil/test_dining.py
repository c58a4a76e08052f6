"""Dining: tables and rotatable QR tokens, daily table numbers, tab and online orders into the
kitchen queue, ticket states, bills with coupons and payments, reconciliation, ledger, the
tourist QR endpoints, console pages (htmx kitchen) and isolation."""

import pytest
from django.utils import timezone

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout
from shared_apps.core.failures import DomainError
from tenant_apps.catalog import services as catalog
from tenant_apps.dining import billing, services
from tenant_apps.dining.models import Bill, DiningEvent, KitchenTicket
from tenant_apps.orders import signals
from tenant_apps.orders.models import Order
from tenant_apps.promotions.models import Coupon
from tenants.utils import in_tenant
from tests.builders.checkout import pay
from tests.builders.clients import call

pytestmark = pytest.mark.django_db


def dishes(merchant):
    with in_tenant(merchant):
        return [catalog.create_product(kind="dish", name=name, base_price_fen=price, on_shelf=True,
                                       attributes={"category": "热菜"})
                for name, price in (("瓦罐汤", 1800), ("藜蒿炒腊肉", 4800), ("米粉蒸肉", 3600))]


def seated(merchant, name="A1", **kw):
    with in_tenant(merchant):
        table = services.create_table(name=name, area="大厅", **kw)
        return table, services.open_sitting(table_id=table.pk, actor="waiter", guests=3)


def test_tables_tokens_rotate_and_daily_numbers(shops):
    delta = shops["delta"]
    with in_tenant(delta):
        a1 = services.create_table(name="A1", seats=4)
        a2 = services.create_table(name="A2")
        room = services.create_table(name="牡丹厅", seats=12, is_private_room=True, min_spend_fen=188800)
        with pytest.raises(DomainError) as exc:
            services.create_table(name="A1")
        assert exc.value.code == "table_exists"
        assert services.table_for_token(a1.token) == a1
        assert services.table_url(a1) == f"http://localhost/dine/delta/{a1.token}"
        old = a1.token
        services.rotate_token(table_id=a1.pk)
        with pytest.raises(DomainError) as exc:
            services.table_for_token(old)
        assert exc.value.code == "table_not_found" and exc.value.status_code == 404
        numbers = [services.open_sitting(table_id=t.pk, actor="w").number for t in (a1, a2, room)]
        assert numbers == ["A001", "A002", "B001"]
        assert services.open_sitting(table_id=a1.pk, actor="w").number == "A001"  # already seated: same sitting
        first = services.current_sitting(a1)
        services.close_sitting(sitting_id=first.pk, actor="w")  # empty bill: closes at once
        assert services.open_sitting(table_id=a1.pk, actor="w").number == "A003"
        assert Bill.objects.get(sitting=first).status == "settled"


def test_tab_order_goes_to_kitchen_and_tickets_move_through_states(shops):
    delta = shops["delta"]
    soup, pork, _ = dishes(delta)
    _, sitting = seated(delta)
    with in_tenant(delta):
        order = services.place_tab_order(sitting_id=sitting.pk, actor="waiter", lines=[
            {"product_id": soup.pk, "quantity": 2, "note": "少盐"}, {"product_id": pork.pk, "quantity": 1}])
        assert order.total_fen == 2 * 1800 + 4800
        queue = services.kitchen_queue()
        assert [(t.dish_name, t.quantity, t.status, t.label) for t in queue] == [
            ("瓦罐汤", 2, "queued", f"{sitting.number} · A1"), ("藜蒿炒腊肉", 1, "queued", f"{sitting.number} · A1")]
        services.advance_ticket(ticket_id=queue[0].pk, to="cooking", actor="chef")
        served = services.advance_ticket(ticket_id=queue[0].pk, to="served", actor="chef")
        assert served.started_at and served.served_at
        with pytest.raises(DomainError) as exc:
            services.advance_ticket(ticket_id=queue[0].pk, to="cooking", actor="chef")
        assert exc.value.code == "invalid_transition"
        services.advance_ticket(ticket_id=queue[1].pk, to="cancelled", actor="chef")  # 退菜: off the bill
        assert Bill.objects.get(sitting=sitting).total_fen == 3600
        assert [t.dish_name for t in services.kitchen_queue()] == []
        assert list(DiningEvent.objects.filter(subject="ticket", subject_id=queue[0].pk)
                    .values_list("to_status", flat=True)) == ["cooking", "served"]
        with pytest.raises(DomainError) as exc:
            services.place_tab_order(sitting_id=sitting.pk, actor="w", lines=[{"product_id": 999999, "quantity": 1}])
        assert exc.value.code == "product_unavailable"


def test_bill_coupons_payments_and_closing(shops):
    delta = shops["delta"]
    soup, pork, rice = dishes(delta)
    _, sitting = seated(delta)
    with in_tenant(delta):
        services.place_tab_order(sitting_id=sitting.pk, actor="w", lines=[
            {"product_id": pork.pk, "quantity": 2}, {"product_id": rice.pk, "quantity": 1}])  # 132.00
        bill = Bill.objects.get(sitting=sitting)
        big, small = billing.issue_coupons(amount_fen=5000, threshold_fen=20000, count=1) + billing.issue_coupons(
            amount_fen=2000, count=1)
        with pytest.raises(DomainError) as exc:
            billing.redeem_coupon(bill_id=bill.pk, code=big.code, actor="cashier")
        assert exc.value.code == "coupon_threshold"
        billing.redeem_coupon(bill_id=bill.pk, code=small.code.lower(), actor="cashier")
        with pytest.raises(DomainError) as exc:
            billing.redeem_coupon(bill_id=bill.pk, code=small.code, actor="cashier")
        assert exc.value.code == "coupon_used"
        with pytest.raises(DomainError) as exc:
            services.close_sitting(sitting_id=sitting.pk, actor="w")
        assert exc.value.code == "bill_unsettled" and exc.value.details == {"balance_fen": 13200 - 2000}
        billing.record_payment(bill_id=bill.pk, method="cash", actor="cashier", amount_fen=5000)
        billing.settle(bill_id=bill.pk, method="card", actor="cashier")
        bill.refresh_from_db()
        assert (bill.total_fen, bill.discount_fen, bill.paid_fen, bill.status) == (13200, 2000, 11200, "settled")
        services.place_tab_order(sitting_id=sitting.pk, actor="w", lines=[{"product_id": soup.pk, "quantity": 1}])
        bill.refresh_from_db()
        assert bill.status == "open" and bill.balance_fen == 1800  # ordering more reopens the bill
        qr = billing.payment_qr(bill_id=bill.pk)
        assert qr["amount_fen"] == 1800 and "<svg" in qr["svg"]
        billing.offline_payment_succeeded(bill_id=bill.pk, amount_fen=1800, payment_ref="pi_9")
        billing.offline_payment_succeeded(bill_id=bill.pk, amount_fen=1800, payment_ref="pi_9")  # replayed
        services.close_sitting(sitting_id=sitting.pk, actor="w")
        bill.refresh_from_db()
        assert bill.paid_fen == 13000 and bill.status == "settled"
        with pytest.raises(DomainError) as exc:
            services.place_tab_order(sitting_id=sitting.pk, actor="w", lines=[{"product_id": soup.pk, "quantity": 1}])
        assert exc.value.code == "sitting_closed"


@pytest.mark.clock
def test_reconciliation_compares_recorded_with_declared_and_ledger_lists_all(shops, tourist):
    delta = shops["delta"]
    soup, pork, _ = dishes(delta)
    _, sitting = seated(delta)
    today = timezone.localdate()
    with in_tenant(delta):
        services.place_tab_order(sitting_id=sitting.pk, actor="w", lines=[{"product_id": pork.pk, "quantity": 2}])
        bill = Bill.objects.get(sitting=sitting)
        billing.record_payment(bill_id=bill.pk, method="cash", actor="c", amount_fen=6000)
        billing.settle(bill_id=bill.pk, method="scan", actor="c")
        rec = billing.reconcile(day=today)
        by = {m["method"]: m for m in rec["methods"]}
        assert by["cash"]["recorded_fen"] == 6000 and by["cash"]["state"] == "undeclared"
        assert not rec["balanced"] and rec["settled_bills"] == 1 and rec["bill_mismatches"] == []
        billing.declare(day=today, method="cash", declared_fen=5900, actor="fin")
        billing.declare(day=today, method="scan", declared_fen=3600, actor="fin")
        by = {m["method"]: m for m in billing.reconcile(day=today)["methods"]}
        assert (by["cash"]["difference_fen"], by["cash"]["state"]) == (-100, "mismatch")
        assert by["scan"]["state"] == "ok"
        billing.declare(day=today, method="cash", declared_fen=6000, actor="fin")
        assert billing.reconcile(day=today)["balanced"]

    co = checkout.place_checkout(user=tourist, items=[checkout.Item("delta", soup.pk, 2)])
    pay(co)
    with in_tenant(delta):
        rec = billing.reconcile(day=today)
        assert (rec["online_orders"], rec["online_total_fen"]) == (1, 3600)
        ledger = billing.ledger(start=today, end=today)
        assert [r["kind"] for r in ledger["rows"]] == ["bill", "online"]
        assert ledger["totals"]["paid_fen"] == 9600 + 3600
        assert "堂食账单" in billing.ledger_csv(ledger) and "线上订单" in billing.ledger_csv(ledger)


def test_tourist_scans_table_orders_on_tab_and_online(shops, tourist_client, client_for):
    delta = shops["delta"]
    soup, pork, _ = dishes(delta)
    with in_tenant(delta):
        table = services.create_table(name="A8")
    anonymous = client_for()
    page = anonymous.get(f"/api/v1/dine/delta/{table.token}/").json()
    assert page["table"]["name"] == "A8" and page["sitting"] is None
    assert [d["name"] for d in page["menu"]] == ["瓦罐汤", "藜蒿炒腊肉", "米粉蒸肉"]
    assert anonymous.get("/api/v1/dine/delta/not-a-token/").json()["code"] == "table_not_found"
    assert call(anonymous, "post", f"/api/v1/dine/delta/{table.token}/orders/").status_code == 401

    tab = call(tourist_client, "post", f"/api/v1/dine/delta/{table.token}/orders/",
               {"lines": [{"product_id": soup.pk, "quantity": 1}], "guests": 2}, HTTP_IDEMPOTENCY_KEY="dine-1")
    assert tab.status_code == 201, tab.json()
    number = tab.json()["sitting"]["number"]
    again = call(tourist_client, "post", f"/api/v1/dine/delta/{table.token}/orders/",
                 {"lines": [{"product_id": soup.pk, "quantity": 1}], "guests": 2}, HTTP_IDEMPOTENCY_KEY="dine-1")
    assert again.json() == tab.json()  # replayed, not ordered twice
    now = call(tourist_client, "post", f"/api/v1/dine/delta/{table.token}/orders/",
               {"lines": [{"product_id": pork.pk, "quantity": 1}], "pay": "now"}).json()
    assert now["sitting"]["number"] == number and now["total_fen"] == 4800
    with in_tenant(delta):
        assert KitchenTicket.objects.count() == 1  # the online dish waits for its payment

    pay(Checkout.objects.get(pk=now["checkout_id"]))
    with in_tenant(delta):
        tickets = list(KitchenTicket.objects.order_by("id"))
        label = f"{number} · A8"
        assert [(t.dish_name, t.label) for t in tickets] == [("瓦罐汤", label), ("藜蒿炒腊肉", label)]
        order = Order.objects.get(order_no=now["order_no"])
        signals.order_paid.send(sender=Order, order=order)  # a replayed signal makes no second ticket
        assert KitchenTicket.objects.count() == 2
    bill = tourist_client.get(f"/api/v1/dine/delta/{table.token}/bill/").json()
    assert bill["bill"]["total_fen"] == 1800 and len(bill["dishes"]) == 2  # the online dish is paid, not on the bill


def test_merchant_api_flow_and_isolation(shops, client_for):
    delta = shops["delta"]
    soup, *_ = dishes(delta)
    owner = client_for("delta_owner", "delta")
    clerk = client_for("delta_clerk", "delta")
    assert call(clerk, "post", "/api/v1/merchant/dining/tables/", {"name": "B2"}).status_code == 403
    table = call(owner, "post", "/api/v1/merchant/dining/tables/", {"name": "B2", "seats": 6}).json()
    assert table["qr_url"].startswith("http://localhost/dine/delta/")
    assert "<svg" in clerk.get(f"/api/v1/merchant/dining/tables/{table['id']}/qr/").json()["svg"]
    sitting = call(clerk, "post", f"/api/v1/merchant/dining/tables/{table['id']}/sittings/", {"guests": 4}).json()
    call(clerk, "post", f"/api/v1/merchant/dining/sittings/{sitting['id']}/orders/",
         {"lines": [{"product_id": soup.pk, "quantity": 3}]})
    queue = clerk.get("/api/v1/merchant/dining/kitchen/").json()
    assert [(t["dish_name"], t["quantity"]) for t in queue] == [("瓦罐汤", 3)]
    moved = call(clerk, "post", f"/api/v1/merchant/dining/kitchen/{queue[0]['id']}/advance/", {"to": "cooking"})
    assert moved.json()["status"] == "cooking"
    coupons = call(owner, "post", "/api/v1/merchant/dining/coupons/", {"amount_fen": 400, "count": 2}).json()
    bill_id = sitting["bill"]["id"]
    assert call(clerk, "post", f"/api/v1/merchant/dining/bills/{bill_id}/coupon/",
                {"code": coupons[0]["code"]}).json()["balance_fen"] == 5000
    paid = call(clerk, "post", f"/api/v1/merchant/dining/bills/{bill_id}/payments/", {"method": "cash"})
    assert paid.status_code == 201 and paid.json()["status"] == "settled"
    closed = call(clerk, "post", f"/api/v1/merchant/dining/sittings/{sitting['id']}/close/").json()
    assert closed["status"] == "closed"
    assert clerk.get("/api/v1/merchant/dining/reconciliation/").status_code == 403  # finance only
    rec = owner.get("/api/v1/merchant/dining/reconciliation/").json()
    assert rec["methods"][0]["recorded_fen"] == 5000
    assert owner.get("/api/v1/merchant/dining/ledger/export/")["Content-Type"].startswith("text/csv")

    intruder = client_for("beta_owner", "delta")
    for method, path in [("get", "/api/v1/merchant/dining/tables/"), ("get", "/api/v1/merchant/dining/kitchen/"),
                         ("post", f"/api/v1/merchant/dining/kitchen/{queue[0]['id']}/advance/"),
                         ("post", f"/api/v1/merchant/dining/tables/{table['id']}/rotate-token/")]:
        assert call(intruder, method, path, {"to": "served"}).status_code == 403, path
    assert intruder.get("/console/dining/kitchen/").status_code == 403
    with in_tenant(delta):
        assert KitchenTicket.objects.get(pk=queue[0]["id"]).status == "cooking"


def test_dining_console_pages_and_htmx_kitchen(shops, client_for):
    delta = shops["delta"]
    soup, *_ = dishes(delta)
    table, sitting = seated(delta, "A9")
    with in_tenant(delta):
        services.place_tab_order(sitting_id=sitting.pk, actor="w", lines=[{"product_id": soup.pk, "quantity": 1}])
        ticket = KitchenTicket.objects.get()
    clerk = client_for("delta_clerk", "delta")
    owner = client_for("delta_owner", "delta")
    for path in ("/console/dining/", "/console/dining/kitchen/", "/console/dining/kitchen/queue/",
                 "/console/dining/bills/", f"/console/dining/bills/{sitting.pk}/", "/console/dining/coupons/",
                 "/console/dining/reconcile/", "/console/dining/ledger.csv"):
        assert clerk.get(path).status_code == 200, path
    tables = clerk.get("/console/dining/").content.decode()
    assert "A9" in tables and sitting.number in tables and "<svg" in tables
    kitchen = clerk.get("/console/dining/kitchen/").content.decode()
    assert 'hx-trigger="every 5s"' in kitchen and "vendor/htmx.min.js" in kitchen and "瓦罐汤" in kitchen
    partial = clerk.post(f"/console/dining/kitchen/{ticket.pk}/cooking/", HTTP_HX_REQUEST="true")
    fragment = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in fragment and "已上菜" in fragment
    clerk.post(f"/console/dining/kitchen/{ticket.pk}/served/")
    assert "暂无待出菜品" in clerk.get("/console/dining/kitchen/queue/").content.decode()
    page = clerk.post(f"/console/dining/bills/{sitting.pk}/", {"action": "settle", "method": "cash"},
                      follow=True).content.decode()
    assert "已结账" in page
    owner.post("/console/dining/coupons/", {"amount": "10", "threshold": "0", "count": "3"})
    with in_tenant(delta):

        assert Coupon.objects.filter(amount_fen=1000).count() == 3
    assert "资金对账" not in clerk.get("/console/dining/reconcile/").content.decode()  # owner and finance only
    rec = owner.post("/console/dining/reconcile/", {"method": "cash", "amount": "18"}, follow=True).content.decode()
    assert "已保存实收金额" in rec and "相符" in rec
