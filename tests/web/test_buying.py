"""Cart, checkout and payment pages (wallet; gateway payments are covered end to end)."""

import pytest

from shared_apps.checkout.models import CartItem, Checkout, OrderIndex
from shared_apps.payments import services as payments
from tests.builders.catalog import goods, room, ticket
from tests.builders.checkout import fund_wallet
from tests.builders.dates import day

pytestmark = pytest.mark.django_db


def _add(c, merchant, product, **fields):
    data = {"merchant": merchant, "product_id": product.pk, "quantity": 1, "action": "cart",
            "back": f"/p/{merchant}/{product.pk}/", **fields}
    return c.post("/cart/add/", data)


@pytest.fixture
def shop(merchants):
    return {"ticket": ticket(merchants["alpha"], price=12000, capacity=5),
            "room": room(merchants["beta"], price=38800)}


def test_cart_groups_by_merchant_and_htmx_changes_quantities(tourist, shop, client_for):
    c = client_for(tourist.username)
    assert _add(c, "alpha", shop["ticket"], day=day(3), quantity=2).status_code == 302
    _add(c, "beta", shop["room"], day=day(3), nights=2)
    page = c.get("/cart/").content.decode()
    assert page.count('class="card merchant-group"') == 2
    assert "阿尔法景区" in page and "贝塔酒店" in page
    assert "¥1016" in page  # 2 x 120 + 2 nights x 388
    line = CartItem.objects.get(cart__user=tourist, product_id=shop["ticket"].pk, merchant__schema_name="alpha")
    frag = c.post(f"/cart/items/{line.pk}/", {"quantity": 3}, HTTP_HX_REQUEST="true").content.decode()
    assert frag.startswith('<div id="cart">') and "¥1136" in frag and 'id="cart-badge" hx-swap-oob="true">4<' in frag
    assert CartItem.objects.get(pk=line.pk).quantity == 3
    c.post(f"/cart/items/{line.pk}/", {"quantity": 0}, HTTP_HX_REQUEST="true")
    assert not CartItem.objects.filter(pk=line.pk).exists()


def test_add_to_cart_shows_errors_in_chinese(tourist, shop, client_for):
    c = client_for(tourist.username)
    page = c.post("/cart/add/", {"merchant": "alpha", "product_id": shop["ticket"].pk, "quantity": 0,
                                 "back": "/cart/"}, follow=True).content.decode()
    assert "数量至少为 1" in page
    page = c.post("/cart/add/", {"merchant": "alpha", "product_id": 999999, "quantity": 1, "back": "/cart/"},
                  follow=True).content.decode()
    assert "商品不存在或已下架" in page


def test_checkout_two_merchants_paid_by_wallet(tourist, shop, client_for):
    c = client_for(tourist.username)
    _add(c, "alpha", shop["ticket"], day=day(3), quantity=2)
    _add(c, "beta", shop["room"], day=day(3), nights=1)
    page = c.get("/checkout/").content.decode()
    assert "确认订单" in page and "¥628" in page and "微信支付" in page and "支付宝" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    fund_wallet(tourist, 100000)
    response = c.post("/checkout/", {"token": token, "contact_name": "小明", "contact_phone": "13800000011",
                                     "method": "wallet"})
    co = Checkout.objects.get(user=tourist)
    assert response.status_code == 302 and response["Location"] == f"/pay/{co.pk}/result/"
    assert co.status == "paid" and co.total_fen == 62800
    assert sorted(OrderIndex.objects.filter(checkout_id=co.pk).values_list("status", flat=True)) == ["paid", "paid"]
    assert not CartItem.objects.filter(cart__user=tourist).exists()
    assert payments.wallet_available(tourist) == 100000 - 62800
    result = c.get(f"/pay/{co.pk}/result/").content.decode()
    assert "支付成功" in result and 'data-status="paid"' in result and "hx-trigger" not in result
    # the same form token again: nothing new is placed
    again = c.post("/checkout/", {"token": token, "contact_name": "小明", "method": "wallet"})
    assert again.status_code == 302 and again["Location"] == "/orders/"
    assert Checkout.objects.filter(user=tourist).count() == 1


def test_buy_now_skips_the_cart(tourist, shop, client_for):
    c = client_for(tourist.username)
    _add(c, "beta", shop["room"], day=day(3))  # something already in the cart stays there
    response = c.post("/cart/add/", {"merchant": "alpha", "product_id": shop["ticket"].pk, "quantity": 1,
                                     "day": day(3).isoformat(), "action": "buy"})
    assert response["Location"] == "/checkout/?buy=1"
    page = c.get("/checkout/?buy=1").content.decode()
    assert "庐山门票" in page and "湖景大床房" not in page
    token = page.split('name="token" value="')[1].split('"')[0]
    fund_wallet(tourist, 12000)
    c.post("/checkout/", {"token": token, "buy": "1", "contact_name": "小明", "method": "wallet"})
    assert Checkout.objects.get(user=tourist).status == "paid"
    assert CartItem.objects.filter(cart__user=tourist).count() == 1


def test_checkout_errors_are_shown_in_chinese_and_leave_nothing(tourist, shop, client_for):
    c = client_for(tourist.username)
    _add(c, "alpha", shop["ticket"], day=day(3), quantity=6)  # capacity 5
    page = c.get("/checkout/").content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    page = c.post("/checkout/", {"token": token, "contact_name": "小明", "method": "wallet"}).content.decode()
    assert "余量不足" in page
    assert not Checkout.objects.filter(user=tourist).exists()
    token = page.split('name="token" value="')[1].split('"')[0]
    page = c.post("/checkout/", {"token": token, "contact_name": "", "method": "wallet"}).content.decode()
    assert "请填写联系人姓名" in page


def test_wallet_too_low_keeps_the_order_unpaid_and_offers_to_pay_again(tourist, shop, client_for):
    c = client_for(tourist.username)
    _add(c, "alpha", shop["ticket"], day=day(3))
    page = c.get("/checkout/").content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = c.post("/checkout/", {"token": token, "contact_name": "小明", "method": "wallet"}, follow=True)
    co = Checkout.objects.get(user=tourist)
    assert co.status == "pending_payment"
    page = response.content.decode()
    assert "钱包余额不足" in page and "订单支付" in page and "立即支付" in page
    fund_wallet(tourist, 12000)
    assert c.post(f"/pay/{co.pk}/", {"method": "wallet"})["Location"] == f"/pay/{co.pk}/result/"
    assert Checkout.objects.get(pk=co.pk).status == "paid"


def test_goods_need_an_address(tourist, merchants, client_for):
    g = goods(merchants["beta"])
    c = client_for(tourist.username)
    _add(c, "beta", g, quantity=2)
    page = c.get("/checkout/").content.decode()
    assert "收货地址" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    page = c.post("/checkout/", {"token": token, "contact_name": "小明", "method": "wallet"}).content.decode()
    assert "购买特产商品需要选择收货地址" in page


def test_cancel_unpaid_checkout_from_pay_page(tourist, shop, client_for):
    c = client_for(tourist.username)
    _add(c, "alpha", shop["ticket"], day=day(3))
    token = c.get("/checkout/").content.decode().split('name="token" value="')[1].split('"')[0]
    c.post("/checkout/", {"token": token, "contact_name": "小明", "method": "wallet"})
    co = Checkout.objects.get(user=tourist)
    page = c.post(f"/pay/{co.pk}/cancel/", follow=True).content.decode()
    assert "订单已取消" in page
    assert Checkout.objects.get(pk=co.pk).status == "cancelled"
    assert OrderIndex.objects.get(checkout_id=co.pk).status == "cancelled"


def test_no_open_redirects(tourist, shop, client_for):
    c = client_for(tourist.username)
    response = _add(c, "alpha", shop["ticket"], day=day(3), back="//evil.example/")
    assert response["Location"] == "/"
    response = c.post("/me/travellers/?next=//evil.example/",
                      {"name": "张三", "id_type": "id_card", "id_no": "11010519491231002X"})
    assert response["Location"] == "/me/travellers/"


def test_a_free_ticket_goes_straight_to_the_result_page(tourist, merchants, client_for):
    free = ticket(merchants["alpha"], name="免费预约", price=0)
    c = client_for(tourist.username)
    _add(c, "alpha", free, day=day(3))
    token = c.get("/checkout/").content.decode().split('name="token" value="')[1].split('"')[0]
    response = c.post("/checkout/", {"token": token, "contact_name": "小明", "method": "wechat"})
    placed = Checkout.objects.get(user=tourist)
    assert placed.status == "paid" and response["Location"] == f"/pay/{placed.pk}/result/"
