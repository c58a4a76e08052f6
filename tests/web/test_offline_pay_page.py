"""The payer's H5 page behind a merchant's offline-pay QR (EC-HTL-10, EC-FNB-08): merchant and
amount, the method choice, the result page; forged, expired and paid codes get a friendly page
(and the API a JSON error code), never a 500."""

import time
from urllib.parse import urlsplit

import pytest

from shared_apps.payments.models import PaymentIntent
from tenant_apps.hotel import folio as folios
from tenant_apps.hotel import qrpay
from tenants.utils import in_tenant
from tests.builders.checkout import fund_wallet

pytestmark = pytest.mark.django_db


@pytest.fixture
def folio_qr(beta):
    """An open walk-in folio of hotel beta owing ¥128, and the QR the console shows for it."""
    with in_tenant(beta):
        folio = folios.open_walk_in(guest_name="散客王先生")
        folios.add_charge(folio_id=folio.pk, kind="minibar", amount_fen=12800, actor="beta_clerk")
        return folio.pk, folios.payment_qr(folio_id=folio.pk)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_qr_url_opens_the_payers_page_with_merchant_and_amount(folio_qr, settings, client_for):
    _, qr = folio_qr
    assert qr["url"].startswith(f"{settings.PUBLIC_BASE_URL}/pay/offline/?t=tpq1.")
    page = client_for().get(_path(qr["url"]))  # not signed in yet: see what is asked, then log in
    html = page.content.decode()
    assert page.status_code == 200
    assert "贝塔酒店" in html and "¥128" in html and 'id="offline-login"' in html
    assert "next=%2Fpay%2Foffline%2F%3Ft%3Dtpq1." in html


def test_wallet_payment_credits_the_folio_and_shows_the_result(folio_qr, beta, tourist, client_for):
    folio_id, qr = folio_qr
    fund_wallet(tourist, 20000)
    c = client_for(tourist.username)
    page = c.get(_path(qr["url"]))
    assert 'name="method" value="wechat"' in page.content.decode() and "确认支付 ¥128" in page.content.decode()
    paid = c.post("/pay/offline/", {"t": qr["token"], "method": "wallet"})
    intent = PaymentIntent.objects.get(user=tourist, purpose="offline")
    assert paid.status_code == 302 and paid["Location"] == f"/pay/offline/{intent.pk}/"
    result = c.get(paid["Location"]).content.decode()
    assert 'data-status="paid"' in result and "已向 贝塔酒店 支付 ¥128" in result
    with in_tenant(beta):
        assert folios.due_fen(folio_id=folio_id) == 0
        assert [p.method for p in folios.Folio.objects.get(pk=folio_id).payments.all()] == ["platform"]
    again = c.get(_path(qr["url"]))  # the same code once paid
    assert again.status_code == 409 and 'data-code="qr_stale"' in again.content.decode()


def test_another_tourist_cannot_see_my_result(folio_qr, tourist, other, client_for):
    _, qr = folio_qr
    fund_wallet(tourist, 20000)
    client_for(tourist.username).post("/pay/offline/", {"t": qr["token"], "method": "wallet"})
    intent = PaymentIntent.objects.get(user=tourist, purpose="offline")
    assert client_for(other.username).get(f"/pay/offline/{intent.pk}/").status_code == 404


def test_short_wallet_and_no_method_re_show_the_page_with_the_reason(folio_qr, tourist, client_for):
    _, qr = folio_qr
    c = client_for(tourist.username)
    short = c.post("/pay/offline/", {"t": qr["token"], "method": "wallet"})
    assert short.status_code == 400 and "余额不足" in short.content.decode()
    none = c.post("/pay/offline/", {"t": qr["token"], "method": "bitcoin"})
    assert none.status_code == 400 and "请选择支付方式" in none.content.decode()
    assert not PaymentIntent.objects.filter(user=tourist, purpose="offline", status="succeeded").exists()


def test_anonymous_post_is_sent_to_log_in(folio_qr, client_for):
    _, qr = folio_qr
    sent = client_for().post("/pay/offline/", {"t": qr["token"], "method": "wechat"})
    assert sent.status_code == 302 and sent["Location"].startswith("/accounts/login/?next=%2Fpay%2Foffline%2F")


def test_forged_expired_and_missing_codes_get_a_friendly_page(beta, folio_qr, tourist, client_for):
    folio_id, qr = folio_qr
    prefix, body, sig = qr["token"].split(".")
    expired = qrpay.sign(schema="beta", subject="folio", subject_id=folio_id, amount_fen=12800,
                         now=time.time() - 3600)
    other_merchant = qrpay.sign(schema="alpha", subject="folio", subject_id=folio_id, amount_fen=100)
    c = client_for(tourist.username)
    for token, status, code in ((f"{prefix}.{body}.{sig[:-2]}AA", 400, "qr_invalid"), ("", 400, "qr_invalid"),
                                ("tpq1.%%%.x", 400, "qr_invalid"), ("x" * 5000, 400, "qr_invalid"),
                                (expired, 400, "qr_expired"), (other_merchant, 409, "qr_stale")):
        for response in (c.get("/pay/offline/", {"t": token}), c.post("/pay/offline/", {"t": token,
                                                                                          "method": "wechat"})):
            html = response.content.decode()
            assert response.status_code == status, (token[:20], html[:300])
            assert f'data-code="{code}"' in html and "收款码无法使用" in html
    assert not PaymentIntent.objects.filter(purpose="offline").exists()


def test_the_api_answers_bad_codes_with_a_stable_json_code(folio_qr, tourist, client_for):
    folio_id, qr = folio_qr
    expired = qrpay.sign(schema="beta", subject="folio", subject_id=folio_id, amount_fen=12800,
                         now=time.time() - 3600)
    c = client_for(tourist.username)
    for path, body in (("/api/v1/pay/offline/verify/", {"token": expired}),
                       ("/api/v1/payments/offline/", {"token": expired, "method": "wechat"}),
                       ("/api/v1/pay/offline/verify/", {"token": qr["token"][:-3] + "AAA"})):
        r = c.post(path, body, content_type="application/json")
        assert r.status_code == 400 and r.json()["code"] in ("qr_expired", "qr_invalid"), r.content
        assert r.json()["message"] and r.json()["message_en"]
    ok = c.post("/api/v1/pay/offline/verify/", {"token": qr["token"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["merchant_name"] == "贝塔酒店" and ok.json()["due_fen"] == 12800
