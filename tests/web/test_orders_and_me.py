"""My orders (tabs, search, detail, refund), isolation between tourists, personal centre."""

import json

import pytest

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import CartItem, OrderIndex
from shared_apps.payments import services as payments
from shared_apps.tourists.models import Address, Traveller
from tests.builders.catalog import room, ticket
from tests.builders.checkout import item, pay
from tests.builders.dates import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def bought(merchants, tourist):
    """A paid checkout (ticket at alpha + room at beta) and an unpaid one (ticket at alpha)."""
    alpha, beta = merchants["alpha"], merchants["beta"]
    t, r = ticket(alpha, price=12000), room(beta, price=38800)
    paid = checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3)),
                                                        item(beta, r, 1, day=day(3), nights=1)],
                                   contact_name="小明", contact_phone="13800000011")
    pay(paid)
    unpaid = checkout.place_checkout(user=tourist, items=[item(alpha, t, 1, day=day(3))], contact_name="小明")
    return {"paid": paid, "unpaid": unpaid, "ticket": t, "alpha": alpha}


def _order_no(checkout_obj, schema):
    return OrderIndex.objects.get(checkout_id=checkout_obj.pk, merchant__schema_name=schema).order_no


def test_orders_list_tabs_and_fuzzy_search(tourist, bought, client_for):
    c = client_for(tourist.username)
    page = c.get("/orders/").content.decode()
    assert page.count('class="card order-card"') == 3
    assert "已支付" in page and "待支付" in page
    unpaid = c.get("/orders/?tab=unpaid").content.decode()
    assert unpaid.count('class="card order-card"') == 1 and 'data-status="pending_payment"' in unpaid
    assert c.get("/orders/?tab=paid").content.decode().count('class="card order-card"') == 2
    found = c.get("/orders/?q=贝塔").content.decode()
    assert found.count('class="card order-card"') == 1 and "湖景大床房" in found
    assert "没有找到匹配" in c.get("/orders/?q=不存在").content.decode()


def test_order_detail_cancel_unpaid_and_refund_paid(tourist, bought, client_for):
    c = client_for(tourist.username)
    no = _order_no(bought["unpaid"], "alpha")
    page = c.get(f"/orders/alpha/{no}/").content.decode()
    assert "待支付" in page and "去支付" in page and "取消订单" in page
    c.post(f"/pay/{bought['unpaid'].pk}/cancel/", {"next": f"/orders/alpha/{no}/"})
    assert "已取消" in c.get(f"/orders/alpha/{no}/").content.decode()

    no = _order_no(bought["paid"], "beta")
    page = c.get(f"/orders/beta/{no}/").content.decode()
    assert "湖景大床房" in page and "申请退款" in page and "小明" in page
    page = c.post(f"/orders/beta/{no}/refund/", {"reason": "行程变更"}, follow=True).content.decode()
    assert "退款申请已提交" in page and "退款中" in page and "待商户处理" in page
    page = c.post(f"/orders/beta/{no}/refund/", {"reason": "again"}, follow=True).content.decode()
    assert "不能执行此操作" in page  # already requested: the service's Chinese message


def test_paid_ticket_order_shows_the_e_ticket_qr_and_unpaid_result_page_polls(tourist, bought, client_for):
    c = client_for(tourist.username)
    page = c.get(f"/orders/alpha/{_order_no(bought['paid'], 'alpha')}/").content.decode()
    assert "电子票" in page and "<svg" in page and 'class="payload ticket-qr"' in page
    payload = page.split('class="payload ticket-qr"')[1].split(">", 1)[1].split("<", 1)[0]
    assert payload.startswith("T1.")
    assert "电子票" not in c.get(f"/orders/beta/{_order_no(bought['paid'], 'beta')}/").content.decode()  # a room
    waiting = c.get(f"/pay/{bought['unpaid'].pk}/result/").content.decode()
    assert 'data-status="waiting"' in waiting and 'hx-trigger="every 1s"' in waiting
    frag = c.get(f"/pay/{bought['paid'].pk}/result/", HTTP_HX_REQUEST="true").content.decode()
    assert frag.startswith('<div id="pay-status"') and "支付成功" in frag and "hx-trigger" not in frag


def test_a_tourist_cannot_see_or_touch_another_tourists_orders(tourist, other, bought, client_for):
    c = client_for(other.username)
    no = _order_no(bought["paid"], "alpha")
    assert c.get(f"/orders/alpha/{no}/").status_code == 404
    assert c.post(f"/orders/alpha/{no}/refund/", {"reason": "x"}).status_code == 404
    assert c.get(f"/pay/{bought['unpaid'].pk}/").status_code == 404
    assert c.get(f"/pay/{bought['paid'].pk}/result/").status_code == 404
    assert c.post(f"/pay/{bought['unpaid'].pk}/cancel/").status_code == 404
    assert "暂无订单" in c.get("/orders/").content.decode()
    assert 'class="card order-card"' not in c.get(f"/orders/?q={no}").content.decode()
    assert OrderIndex.objects.get(order_no=_order_no(bought["unpaid"], "alpha")).status == "pending_payment"
    # cart lines are per user too

    checkout.add_to_cart(user=tourist, item=item(bought["alpha"], bought["ticket"], 1, day=day(3)))
    line = CartItem.objects.get(cart__user=tourist)
    page = c.post(f"/cart/items/{line.pk}/", {"quantity": 5}, follow=True).content.decode()
    assert "购物车中没有该商品" in page and CartItem.objects.get(pk=line.pk).quantity == 1


def test_personal_centre_pages(tourist, bought, client_for):
    c = client_for(tourist.username)
    page = c.get("/me/").content.decode()
    assert "个人中心" in page and "小明" in page and "我的钱包" in page

    c.post("/me/profile/", {"display_name": "明明", "phone": "13800000099"})
    tourist.refresh_from_db()
    assert tourist.display_name == "明明" and tourist.phone == "13800000099"
    assert "手机号格式不正确" in c.post("/me/profile/", {"display_name": "x", "phone": "123"}).content.decode()

    page = c.post("/me/travellers/", {"name": "张三", "id_type": "id_card", "id_no": "123"}).content.decode()
    assert "身份证号码不正确" in page and not Traveller.objects.filter(user=tourist).exists()
    c.post("/me/travellers/", {"name": "张三", "id_type": "id_card", "id_no": "11010519491231002X", "is_self": "on"})
    t = Traveller.objects.get(user=tourist)
    page = c.get("/me/travellers/").content.decode()
    assert "张三" in page and "1101**********002X" in page and "11010519491231002X" not in page
    c.post(f"/me/travellers/{t.pk}/delete/")
    assert not Traveller.objects.filter(user=tourist).exists()

    c.post("/me/addresses/", {"recipient": "小明", "phone": "13800000011", "province": "江西省", "city": "九江市",
                              "detail": "庐山路1号"})
    a = Address.objects.get(user=tourist)
    assert a.is_default and "江西省九江市庐山路1号" in c.get("/me/addresses/").content.decode()
    assert "邮政编码应为 6 位数字" in c.post("/me/addresses/", {
        "recipient": "小明", "phone": "13800000011", "province": "江西", "city": "南昌", "detail": "x",
        "postcode": "12"}).content.decode()

    response = c.post("/me/preferences/", {"language": "en", "favourite_kinds": ["scenic", "hotel"],
                                           "notify_sms": "on"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    prefs = tourist.preferences
    prefs.refresh_from_db()
    assert prefs.favourite_kinds == ["scenic", "hotel"] and prefs.notify_sms and not prefs.notify_wechat


def test_wallet_page_and_topup_validation(tourist, bought, client_for):
    c = client_for(tourist.username)
    page = c.get("/me/wallet/").content.decode()
    assert "可用余额" in page and "充值" in page and "订单支付" in page  # the wallet payment in the statement
    page = c.post("/me/wallet/", {"amount": "0.5", "method": "wechat"}).content.decode()
    assert "充值金额需在 1 元到 50000 元之间" in page
    assert "请输入正确的金额" in c.post("/me/wallet/", {"amount": "abc", "method": "wechat"}).content.decode()
    assert payments.wallet_available(tourist) == 0


@pytest.mark.clock
def test_spending_statistics_by_month_and_category(tourist, bought, client_for):
    page = client_for(tourist.username).get("/me/stats/").content.decode()
    assert "消费统计" in page and "¥628" in page  # only the paid checkout counts
    data = json.loads(page.split('id="spending-data" type="application/json">')[1].split("</script>")[0])
    assert len(data["months"]) == 12 and data["amounts"][-1] == 628
    assert sorted((k["name"], k["value"]) for k in data["kinds"]) == [("景区", 240), ("酒店", 388)]
    assert "echarts.min.js" in page and "cdn" not in page.lower()
