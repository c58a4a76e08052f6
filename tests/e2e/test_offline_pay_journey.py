"""Offline scan-to-pay in a real browser (EC-HTL-10): hotel beta's clerk makes a platform payment
QR for a guest's minibar bill on the console → the guest opens the QR's URL on a phone (390x844),
sees the hotel and ¥128, pays with WeChat on the sandbox cashier (沙箱微信支付) → the result page
says 付款成功 → the clerk's stay page shows the platform payment and nothing owed.
The last pages are saved under .var/e2e-shots/."""

import re
from pathlib import Path

import pytest

from shared_apps.payments.models import PaymentIntent
from tenant_apps.hotel import folio as folios
from tenant_apps.hotel.models import Stay
from tenants.utils import in_tenant
from tests.builders.accounts import PASSWORD, make_user
from tests.builders.catalog import room
from tests.builders.checkout import item, paid_order
from tests.builders.dates import day

from .conftest import PHONE

pytestmark = [pytest.mark.e2e]
WAIT_MS = 20_000
SHOTS = Path(__file__).resolve().parents[2] / ".var" / "e2e-shots"


def last_shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _stay_with_minibar(merchant, guest) -> int:
    rt = room(merchant, days=(0, 1))
    order = paid_order(guest, merchant, [item(merchant, rt, 1, day=day(0), nights=1)])
    with in_tenant(merchant):
        stay = Stay.objects.get(order_id=order.pk)
        folio = folios.folio_for_stay(stay_id=stay.pk)
        folios.add_charge(folio_id=folio.pk, kind="minibar", amount_fen=12800, actor="beta_clerk")
        return stay.pk


def test_guest_pays_a_folio_qr_with_the_wechat_sandbox(browser, live_server, transactional_db, merchants,
                                                       payment_sandbox, settings, shots):
    if payment_sandbox is None:
        pytest.skip("payment sandbox not in this tree")
    settings.PUBLIC_BASE_URL = live_server.url  # the QR encodes the platform's public base URL
    beta = merchants["beta"]
    guest = make_user("e2e_scanner", display_name="扫码客")
    stay_id = _stay_with_minibar(beta, guest)
    base = live_server.url
    console = base.replace("://localhost", "://beta.localhost")

    # 1. the clerk makes the QR on the console's stay page
    desk = browser.new_context(viewport={"width": 1024, "height": 900}, locale="zh-CN").new_page()
    desk.set_default_timeout(WAIT_MS)
    desk.goto(f"{console}/accounts/login/?next=/console/hotel/stays/{stay_id}/")
    desk.fill("#id_username", "beta_clerk")
    desk.fill("#id_password", PASSWORD)
    desk.click("button[type=submit]")
    desk.wait_for_url(f"{console}/console/hotel/stays/{stay_id}/")
    desk.click("text=生成平台收款码")
    desk.wait_for_selector(".qr svg")
    qr_url = desk.inner_text(".qr .mono").strip()
    assert qr_url.startswith(f"{base}/pay/offline/?t=tpq1.")
    shots(desk, "31-console-folio-qr")

    # 2. the guest scans it: merchant and amount, log in, WeChat
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2).new_page()
    phone.set_default_timeout(WAIT_MS)
    phone.goto(qr_url)
    assert phone.inner_text("#offline-merchant") == "贝塔酒店" and phone.inner_text("#offline-amount") == "¥128"
    phone.click("#offline-login")
    phone.fill("#id_username", "e2e_scanner")
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(re.compile(r".*/pay/offline/\?t=tpq1\..*"))
    phone.check("input[name=method][value=wechat]")
    shots(phone, "32-offline-pay-page")
    phone.click("#offline-pay-now")

    # 3. the sandbox WeChat cashier, back to the result page
    phone.wait_for_url(re.compile(re.escape(payment_sandbox.url) + "/wechat/pay/.*"))
    assert "确认支付" in phone.content()
    shots(phone, "33-offline-wechat-cashier")
    phone.click("#confirm-pay")
    phone.wait_for_url(re.compile(r".*/pay/offline/\d+/$"))
    phone.wait_for_selector('#offline-status[data-status="paid"]')
    assert "已向 贝塔酒店 支付 ¥128" in phone.inner_text("#offline-status")
    last_shot(phone, "offline-pay-result")
    intent = PaymentIntent.objects.get(user=guest, purpose="offline")
    assert intent.status == "succeeded" and intent.tenders.get().method == "wechat"

    # 4. the clerk sees the payment on the stay's bill
    desk.goto(f"{console}/console/hotel/stays/{stay_id}/")
    bill = desk.inner_text("section.card >> nth=1")
    assert "平台扫码支付" in bill and "待付 ¥0.00" in bill
    last_shot(desk, "offline-pay-console")
