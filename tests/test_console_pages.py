"""Merchant console pages (catalog, inventory, orders, finance) and operator money pages."""

import pytest

from shared_apps.ledger import services as ledger
from shared_apps.settlement import services as settlement
from shared_apps.settlement.models import Withdrawal
from tenant_apps.catalog.models import Product
from tenant_apps.inventory import selectors as inventory_selectors
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order
from tenants.utils import in_tenant
from tests.builders.accounts import make_operator, make_user
from tests.builders.catalog import new_product, ticket
from tests.builders.checkout import item, paid_order
from tests.builders.dates import day

pytestmark = pytest.mark.django_db

MERCHANT_PAGES = ("/console/products/", "/console/orders/", "/console/finance/")
OPS_PAGES = ("/ops/orders/", "/ops/finance/", "/ops/withdrawals/", "/ops/reconciliation/")


def _paid_order(merchant) -> Order:
    t = ticket(merchant, capacity=10, price=12000)
    return paid_order(make_user("page_tourist"), merchant, [item(merchant, t, 2, day=day(3))])


def test_merchant_pages_render_for_owner(merchants, client_for):
    product = new_product(merchants["alpha"], name="测试门票", base_price_fen=5000)
    owner = client_for("alpha_owner", "alpha")
    for path in (*MERCHANT_PAGES, f"/console/products/{product.pk}/", f"/console/products/{product.pk}/inventory/"):
        assert owner.get(path).status_code == 200, path
    assert owner.get("/console/products/?kind=ticket&shelf=0").status_code == 200
    assert owner.get("/console/orders/?status=paid&q=门票").status_code == 200


def test_clerk_reads_but_cannot_write_catalog_or_see_finance(merchants, client_for):
    product = new_product(merchants["alpha"], name="测试门票", base_price_fen=5000)
    clerk = client_for("alpha_clerk", "alpha")
    assert clerk.get("/console/products/").status_code == 200
    assert clerk.get("/console/orders/").status_code == 200
    assert clerk.post("/console/products/", {"kind": "ticket", "name": "x", "base_price": "1"}).status_code == 403
    assert clerk.post(f"/console/products/{product.pk}/shelf/", {"on_shelf": "1"}).status_code == 403
    assert clerk.post(f"/console/products/{product.pk}/", {"action": "update", "name": "y",
                                                            "base_price": "1"}).status_code == 403
    assert clerk.post(f"/console/products/{product.pk}/inventory/", {
        "start_date": str(day(1)), "end_date": str(day(2)), "capacity": 5}).status_code == 403
    assert clerk.get("/console/finance/").status_code == 403
    with in_tenant(merchants["alpha"]):
        assert Product.objects.get(pk=product.pk).name == "测试门票"
        assert inventory_selectors.availability(product_id=product.pk) == []


def test_other_merchant_owner_is_refused(merchants, client_for):
    product = new_product(merchants["alpha"], name="测试门票", base_price_fen=5000)
    beta_owner = client_for("beta_owner", "alpha")
    for path in (*MERCHANT_PAGES, f"/console/products/{product.pk}/", f"/console/products/{product.pk}/inventory/"):
        assert beta_owner.get(path).status_code == 403, path
    assert beta_owner.post("/console/products/", {"kind": "ticket", "name": "x", "base_price": "1"}).status_code == 403


def test_create_product_edit_and_shelve_through_pages(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    created = owner.post("/console/products/", {"kind": "ticket", "name": "三叠泉门票", "base_price": "88.50",
                                                "sessions": "08:00-12:00, 12:00-17:00"}, follow=True)
    assert created.status_code == 200
    with in_tenant(merchants["alpha"]):
        product = Product.objects.get(name="三叠泉门票")
    assert product.base_price_fen == 8850 and product.sessions == ["08:00-12:00", "12:00-17:00"]
    page = owner.get("/console/products/").content.decode()
    assert "三叠泉门票" in page and "88.50" in page
    bad = owner.post("/console/products/", {"kind": "ticket", "name": "坏场次", "base_price": "1",
                                            "sessions": "25:00-26:00"}).content.decode()
    assert "格式应为" in bad
    edit = owner.post(f"/console/products/{product.pk}/", {
        "action": "update", "name": "三叠泉门票(新)", "base_price": "90", "sessions": "08:00-12:00",
        "attr-face_text": "凭票入园", "attr-valid_days": "2"})
    assert edit.status_code == 302
    owner.post(f"/console/products/{product.pk}/", {
        "action": "policy_add", "policy-channel": "tourist", "policy-start_date": str(day(0)),
        "policy-price": "70", "policy-priority": "1"})
    owner.post(f"/console/products/{product.pk}/shelf/", {"on_shelf": "1"})
    with in_tenant(merchants["alpha"]):
        product.refresh_from_db()
        assert product.name == "三叠泉门票(新)" and product.attributes == {"face_text": "凭票入园", "valid_days": 2}
        assert product.on_shelf and product.price_policies.get().price_fen == 7000
    assert "70.00" in owner.get(f"/console/products/{product.pk}/").content.decode()


@pytest.mark.clock
def test_capacity_set_on_calendar_shows_in_availability(merchants, client_for):
    product = new_product(merchants["alpha"], name="测试门票", base_price_fen=5000,
                          sessions=["08:00-12:00", "13:00-17:00"])
    owner = client_for("alpha_owner", "alpha")
    response = owner.post(f"/console/products/{product.pk}/inventory/", {
        "start_date": str(day(1)), "end_date": str(day(3)), "sessions": ["08:00-12:00"], "capacity": 40})
    assert response.status_code == 302
    with in_tenant(merchants["alpha"]):
        rows = inventory_selectors.availability(product_id=product.pk)
    assert [(r["day"], r["session"], r["capacity"]) for r in rows] == [
        (day(d), "08:00-12:00", 40) for d in (1, 2, 3)]
    month = day(1).strftime("%Y-%m")
    page = owner.get(f"/console/products/{product.pk}/inventory/?month={month}").content.decode()
    assert "余 40" in page
    goods = new_product(merchants["alpha"], kind="goods", name="云雾茶", base_price_fen=5000)
    owner.post(f"/console/products/{goods.pk}/inventory/", {"capacity": 25})
    with in_tenant(merchants["alpha"]):
        assert inventory_selectors.availability(product_id=goods.pk)[0]["capacity"] == 25


def test_order_detail_after_wallet_checkout_and_fulfil(merchants, client_for):
    order = _paid_order(merchants["alpha"])
    assert order.status == "paid"
    clerk = client_for("alpha_clerk", "alpha")
    assert order.order_no in clerk.get("/console/orders/?status=paid").content.decode()
    detail = clerk.get(f"/console/orders/{order.pk}/").content.decode()
    assert "庐山门票" in detail and "240.00" in detail and "标记履约" in detail
    response = clerk.post(f"/console/orders/{order.pk}/action/", {"action": "fulfil"})
    assert response.status_code == 302
    with in_tenant(merchants["alpha"]):
        order.refresh_from_db()
    assert order.status == "used"
    clerk.post(f"/console/orders/{order.pk}/action/", {"action": "complete"})
    with in_tenant(merchants["alpha"]):
        order.refresh_from_db()
    assert order.status == "completed"
    assert client_for("beta_owner", "alpha").post(f"/console/orders/{order.pk}/action/",
                                                  {"action": "complete"}).status_code == 403


def test_operator_pages_render_and_need_operator(merchants, client_for):
    _paid_order(merchants["alpha"])
    make_operator("fin_pages", "finance")
    fin = client_for("fin_pages")
    for path in OPS_PAGES:
        assert fin.get(path).status_code == 200, path
    orders = fin.get(f"/ops/orders/?merchant={merchants['alpha'].pk}&status=paid&q=庐山").content.decode()
    assert "庐山门票" in orders
    assert "平衡" in fin.get("/ops/finance/").content.decode()
    make_user("plain_user")
    for path in OPS_PAGES:
        assert client_for("plain_user").get(path).status_code == 403, path


def test_merchant_withdraws_and_finance_operator_approves_on_pages(merchants, client_for):
    alpha = merchants["alpha"]
    alpha.bank_account_no = "6222000011112222"
    alpha.save(update_fields=["bank_account_no"])
    ledger.post(kind="release", ref="page-seed", lines=[("merchant_payable:alpha", 10000),
                                                        ("merchant_available:alpha", -10000)])
    owner = client_for("alpha_owner", "alpha")
    assert "100.00" in owner.get("/console/finance/").content.decode()
    too_much = owner.post("/console/finance/", {"amount": "200"}).content.decode()
    assert "可提现余额不足" in too_much
    assert owner.post("/console/finance/", {"amount": "30"}).status_code == 302
    w = Withdrawal.objects.get(merchant=alpha)
    assert w.amount_fen == 3000
    second = settlement.request_withdrawal(merchant=alpha, amount_fen=1000, user=make_user("alpha_owner"))

    make_operator("rev_pages", "reviewer")
    reviewer = client_for("rev_pages")
    assert reviewer.get("/ops/withdrawals/").status_code == 200
    assert reviewer.post(f"/ops/withdrawals/{w.pk}/review/", {"decision": "approve"}).status_code == 403
    make_operator("fin_pages2", "finance")
    fin = client_for("fin_pages2")
    assert "6222000011112222" in fin.get("/ops/withdrawals/?status=requested").content.decode()
    fin.post(f"/ops/withdrawals/{w.pk}/review/", {"decision": "approve", "bank_txn_no": "TXN1"})
    w.refresh_from_db()
    assert w.status == "paid" and w.bank_txn_no == "TXN1"
    no_note = fin.post(f"/ops/withdrawals/{second.pk}/review/", {"decision": "reject"}, follow=True)
    assert "驳回时必须填写原因" in no_note.content.decode()
    fin.post(f"/ops/withdrawals/{second.pk}/review/", {"decision": "reject", "note": "账户有误"})
    second.refresh_from_db()
    assert second.status == "rejected"
    balances = settlement.balances(alpha)
    assert (balances["available_fen"], balances["withdrawing_fen"]) == (7000, 0)
    assert ledger.trial_balance() == 0


def test_refund_request_is_approved_or_rejected_on_the_order_page(merchants, client_for):

    alpha = merchants["alpha"]
    order = _paid_order(alpha)
    with in_tenant(alpha):
        line = order.lines.get()
        first = orders.request_refund(order_id=order.pk, actor="page_tourist", reason="行程变更",
                                      lines=[{"line_id": line.pk, "quantity": 1}])
    owner = client_for("alpha_owner", "alpha")
    page = owner.get(f"/console/orders/{order.pk}/").content.decode()
    assert "行程变更" in page and "同意退款" in page
    owner.post(f"/console/orders/{order.pk}/action/", {"action": "refund_reject", "refund_id": first.pk,
                                                        "note": "已过退改时间"})
    with in_tenant(alpha):
        order.refresh_from_db()
        assert order.status == "paid"
        second = orders.request_refund(order_id=order.pk, actor="page_tourist",
                                       lines=[{"line_id": line.pk, "quantity": 1}])
    owner.post(f"/console/orders/{order.pk}/action/", {"action": "refund_approve", "refund_id": second.pk})
    with in_tenant(alpha):
        order.refresh_from_db()
    assert order.status == "partially_refunded" and order.refunded_fen == 12000
    again = owner.post(f"/console/orders/{order.pk}/action/", {"action": "refund_approve", "refund_id": second.pk},
                       follow=True)
    assert "退款申请不存在或已处理" in again.content.decode()


def test_package_items_are_set_on_the_product_page(merchants, client_for):
    alpha = merchants["alpha"]
    component = new_product(alpha, name="索道票", on_shelf=True, base_price_fen=5000)
    package = new_product(alpha, kind="package", name="山水套票", base_price_fen=5000)
    owner = client_for("alpha_owner", "alpha")
    assert "索道票" in owner.get(f"/console/products/{package.pk}/").content.decode()
    owner.post(f"/console/products/{package.pk}/", {"action": "package_items", f"qty_{component.pk}": "2"})
    owner.post(f"/console/products/{package.pk}/shelf/", {"on_shelf": "1"})
    with in_tenant(alpha):
        package.refresh_from_db()
        assert [(i.component_id, i.quantity) for i in package.package_items.all()] == [(component.pk, 2)]
        assert package.on_shelf
