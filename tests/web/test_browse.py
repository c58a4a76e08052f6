"""H5 browsing pages: home (specials + flash sales), categories with search, product page."""

import pytest
from django.utils import timezone

from tenant_apps.catalog import services as catalog
from tenants.utils import in_tenant
from tests.builders.catalog import goods, room, ticket
from tests.builders.dates import day

pytestmark = pytest.mark.django_db


def _special(merchant, product, price):
    with in_tenant(merchant):
        catalog.add_price_policy(product_id=product.pk, start_date=timezone.localdate(), price_fen=price,
                                 priority=5, note="特价")


def test_home_shows_daily_specials_and_flash_sales(merchants, client_for):
    alpha, beta = merchants["alpha"], merchants["beta"]
    t = ticket(alpha, price=16000)
    room(beta, price=38800)
    _special(alpha, t, 12000)
    page = client_for().get("/").content.decode()
    assert "每日特卖" in page and "限时抢购" in page
    specials = page[page.index('id="specials"'):page.index('id="flash"')]
    assert "庐山门票" in specials and "¥120" in specials and "¥160" in specials and "7.5折" in specials
    assert "湖景大床房" not in specials  # no policy: not a special
    flash = page[page.index('id="flash"'):]
    assert "热销榜" in flash and "湖景大床房" in flash


def test_category_pages_and_search(merchants, client_for):
    alpha, beta = merchants["alpha"], merchants["beta"]
    ticket(alpha)
    room(beta)
    goods(beta)
    c = client_for()
    tickets = c.get("/c/tickets/").content.decode()
    assert "庐山门票" in tickets and "湖景大床房" not in tickets
    hotels = c.get("/c/hotels/").content.decode()
    assert "湖景大床房" in hotels and "庐山门票" not in hotels
    assert "云雾茶" in c.get("/c/specialties/").content.decode()
    assert "没有找到相关商品" in c.get("/c/hotels/?q=不存在的东西").content.decode()
    found = c.get("/search/?q=湖景").content.decode()
    assert "湖景大床房" in found and "庐山门票" not in found
    assert c.get("/c/nonsense/").status_code == 404


@pytest.mark.clock
def test_product_page_calendar_sessions_and_off_shelf(merchants, client_for):
    alpha = merchants["alpha"]
    t = ticket(alpha, price=9000, sessions=["09:00-12:00", "13:00-17:00"], capacity=7, days=(2, 3))
    c = client_for()
    page = c.get(f"/p/alpha/{t.pk}/").content.decode()
    assert "庐山门票" in page and "阿尔法景区" in page
    assert f'value="{day(2).isoformat()}"' in page and "余14" in page  # 2 sessions x 7 on the day
    assert "09:00-12:00" in page and "登录后购买" in page
    frag = c.get(f"/p/alpha/{t.pk}/sessions/?day={day(3).isoformat()}").content.decode()
    assert "13:00-17:00" in frag and "余7" in frag
    with in_tenant(alpha):
        catalog.set_on_shelf(product_id=t.pk, on_shelf=False)
    assert c.get(f"/p/alpha/{t.pk}/").status_code == 404
    assert c.get("/p/nobody/1/").status_code == 404


def test_pages_that_need_an_account_redirect_to_login(client_for):
    c = client_for()
    for path in ("/cart/", "/checkout/", "/orders/", "/me/", "/me/wallet/", "/me/stats/"):
        response = c.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path


def test_home_lists_merchants_and_a_merchant_page_shows_its_products(merchants, client_for):
    ticket(merchants["alpha"])
    room(merchants["beta"])
    c = client_for()
    home = c.get("/").content.decode()
    assert "入驻商户" in home and "/m/alpha/" in home and "贝塔酒店" in home
    page = c.get("/m/alpha/").content.decode()
    assert "阿尔法景区" in page and "庐山门票" in page and "湖景大床房" not in page
    assert c.get("/m/nobody/").status_code == 404
