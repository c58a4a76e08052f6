from django.contrib.staticfiles import finders

from shared_apps.accounts.models import MerchantMembership
from tests.builders import catalog
from tests.builders.accounts import make_merchant, make_user
from tests.builders.checkout import buy
from tests.builders.tickets import tickets_of

"""Console pages: scanner (核销), e-ticket list, joint tickets and keys."""


def test_scanner_page_renders_with_csrf_and_local_assets_only(merchants, client_for):
    page = client_for("alpha_clerk", "alpha").get("/console/scanner/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "扫码核销" in html and ">核销</button>" in html and "csrfmiddlewaretoken" in html
    assert "tickets/scanner.js" in html and "https://" not in html  # no inline script (CSP)
    script = finders.find("tickets/scanner.js")
    code = open(script, encoding="utf-8").read()
    assert "/api/v1/merchant/redemptions/" in code and "BarcodeDetector" in code and "scan_id" in code
    assert "http://" not in code and "https://" not in code


def test_scanner_needs_redeem_right(merchants, client_for):

    MerchantMembership.objects.create(user=make_user("alpha_fin"), merchant=merchants["alpha"], role="finance")
    assert client_for("alpha_fin", "alpha").get("/console/scanner/").status_code == 403
    assert client_for("alpha_fin", "alpha").get("/console/tickets/").status_code == 200


def test_ticket_list_page_shows_tickets(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, catalog.ticket(alpha, name="页面门票", days=(0,), capacity=20, price=10000), 2, offset=0)
    (ticket,) = tickets_of(alpha, co)
    html = client_for("alpha_clerk", "alpha").get("/console/tickets/?status=valid").content.decode()
    assert ticket.code in html and "页面门票" in html and "待使用" in html
    assert ticket.code not in client_for("alpha_clerk", "alpha").get("/console/tickets/?status=used").content.decode()


def test_joint_page_configures_and_shows_keys(merchants, client_for):
    make_merchant("gamma", "scenic", "伽马景区")
    product = catalog.ticket(merchants["alpha"], name="页面联票", days=(0,), capacity=20, price=10000)
    owner = client_for("alpha_owner", "alpha")
    html = owner.get("/console/joint-tickets/").content.decode()
    assert "二维码签名公钥" in html and "签发中" in html
    resp = owner.post("/console/joint-tickets/", {"product_id": product.pk, "venues": "alpha 1\ngamma：2",
                                                  "active": "on"}, follow=True)
    html = resp.content.decode()
    assert "联票配置已保存" in html and "伽马景区（gamma，2）" in html
    bad = owner.post("/console/joint-tickets/", {"product_id": product.pk, "venues": "beta 1", "active": "on"})
    assert "适用景区必须是营业中的景区商户" in bad.content.decode()
    rotated = owner.post("/console/ticket-keys/rotate/", follow=True).content.decode()
    assert "已启用新的签名密钥" in rotated and "已停用（仍可验证）" in rotated
