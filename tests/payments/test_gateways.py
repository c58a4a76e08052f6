"""The real WeChat Pay v3 / Alipay adapters (real SDKs) against the local sandbox gateway."""

import json
import uuid
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from shared_apps.payments.gateways import get_gateway
from shared_apps.payments.gateways.base import GatewayError, GatewayOrder
from shared_apps.payments.sandbox.client import SandboxClientError
from shared_apps.payments.sandbox.keys import _new_key, _private_pem, _public_pem

GATEWAYS = ["wechat", "alipay"]
both = pytest.mark.parametrize("name", GATEWAYS)


def _order(name, receiver, amount_fen=8800, **kw):
    no = f"T{name[0].upper()}{uuid.uuid4().hex[:20]}"
    return GatewayOrder(out_trade_no=no, amount_fen=amount_fen, description="庐山风景区门票（成人）",
                        notify_url=receiver.notify_url(name, no),
                        expires_at=kw.pop("expires_at", timezone.now() + timedelta(minutes=15)), **kw)


@pytest.fixture
def place(gateways, sandbox_client, notify_receiver):
    """place(name, ...) -> GatewayOrder created at the gateway (and, for Alipay, opened by the payer)."""

    def make(name, **kw):
        order = _order(name, notify_receiver, **kw)
        created = gateways[name].create(order)
        assert created.out_trade_no == order.out_trade_no
        html = sandbox_client.open(created.pay_url) if created.pay_url.startswith("http") else ""
        assert "确认支付" in html
        return order

    return make


@both
def test_create_pay_notify_verify(name, gateways, place, sandbox_client, notify_receiver):
    gw = gateways[name]
    order = place(name)
    assert gw.query(order.out_trade_no).status == "pending"
    sandbox_client.pay(name, order.out_trade_no)
    [got] = notify_receiver.wait(order.out_trade_no)
    assert not got.error, got.error
    note = got.note
    assert (note.gateway, note.kind, note.status) == (name, "payment", "succeeded")
    assert note.out_trade_no == order.out_trade_no and note.amount_fen == 8800 and note.notify_id
    assert note.paid_at is not None and note.event_at is not None
    result = gw.query(order.out_trade_no)
    assert result.status == "succeeded" and result.gateway_txn_id == note.gateway_txn_id != ""
    assert result.amount_fen == 8800 and result.paid_at == note.paid_at
    [delivery] = sandbox_client.wait_for_deliveries(1, out_trade_no=order.out_trade_no)
    assert delivery["acknowledged"] and delivery["body"] == got.answered[2]
    assert gw.verify_callback(got.headers, got.body) == note  # the same notice verifies again (dedupe is ours)


@both
def test_tampered_body_and_bad_signature_rejected(name, gateways, place, sandbox_client, notify_receiver):
    gw = gateways[name]
    order = place(name)
    sandbox_client.pay(name, order.out_trade_no, bad_signature=True)
    [got] = notify_receiver.wait(order.out_trade_no)
    assert got.note is None and got.error == "bad_signature"
    [delivery] = sandbox_client.wait_for_deliveries(1, out_trade_no=order.out_trade_no)
    assert not delivery["acknowledged"]
    assert got.answered == ((500, "application/json", '{"code": "FAIL", "message": "失败"}') if name == "wechat"
                            else (200, "text/plain", "fail"))
    # a genuine notice with one byte changed
    sandbox_client.redeliver(delivery["id"])
    good = notify_receiver.wait(order.out_trade_no, 2)[1]
    assert good.note is not None
    if name == "wechat":
        tampered = good.body.replace(b'"summary": "', b'"summary": "X')
    else:
        params = dict(parse_qsl(good.body.decode()))
        params["total_amount"] = "0.01"
        tampered = urlencode(params).encode()
    assert tampered != good.body
    with pytest.raises(GatewayError) as err:
        gw.verify_callback(good.headers, tampered)
    assert err.value.code == "bad_signature"
    with pytest.raises(GatewayError) as err:
        gw.verify_callback({}, good.body if name == "wechat" else good.body.split(b"&sign=")[0])
    assert err.value.code == "bad_signature"


def test_wechat_stale_timestamp(gateways, place, sandbox_client, notify_receiver):
    order = place("wechat")
    sandbox_client.pay("wechat", order.out_trade_no, stale_timestamp=True)
    [got] = notify_receiver.wait(order.out_trade_no)
    assert got.error == "stale_timestamp"


def test_wechat_wrong_apiv3_key_is_decrypt_failed(gateways, place, sandbox_client, notify_receiver, settings):
    order = place("wechat")
    sandbox_client.pay("wechat", order.out_trade_no)
    [got] = notify_receiver.wait(order.out_trade_no)
    settings.PAYMENT_GATEWAYS = {**settings.PAYMENT_GATEWAYS,
                                 "wechat": {**settings.PAYMENT_GATEWAYS["wechat"], "apiv3_key": "0" * 32}}
    with pytest.raises(GatewayError) as err:
        get_gateway("wechat").verify_callback(got.headers, got.body)
    assert err.value.code == "decrypt_failed"


@both
def test_duplicates_out_of_order_delay_and_silent(name, gateways, place, sandbox_client, notify_receiver):
    order = place(name)
    sandbox_client.pay(name, order.out_trade_no, duplicate=2, out_of_order=True)
    got = notify_receiver.wait(order.out_trade_no, 4)
    assert [g.error for g in got] == [""] * 4
    first, *dups, late = [g.note for g in got]
    assert [d.notify_id for d in dups] == [first.notify_id] * 2  # retries carry the same id
    assert late.notify_id != first.notify_id and late.status == "closed" and late.kind == "payment"
    assert late.event_at < first.event_at  # an older event arriving after the success

    delayed = place(name)
    sandbox_client.pay(name, delayed.out_trade_no, delay_ms=300)
    assert notify_receiver.wait(delayed.out_trade_no, timeout=0.1) == []
    assert notify_receiver.wait(delayed.out_trade_no)[0].note.status == "succeeded"

    silent = place(name)
    assert sandbox_client.pay(name, silent.out_trade_no, notify=False)["notified"] is False
    assert gateways[name].query(silent.out_trade_no).status == "succeeded"  # only an active query finds it
    assert notify_receiver.wait(silent.out_trade_no, timeout=0.3) == []


@both
def test_close_and_failed(name, gateways, place, sandbox_client):
    gw = gateways[name]
    order = place(name)
    gw.close(order.out_trade_no)
    gw.close(order.out_trade_no)  # idempotent
    assert gw.query(order.out_trade_no).status == "closed"
    with pytest.raises(SandboxClientError) as err:
        sandbox_client.pay(name, order.out_trade_no)
    assert err.value.status == 409

    paid = place(name)
    sandbox_client.pay(name, paid.out_trade_no, notify=False)
    with pytest.raises(GatewayError) as exc:
        gw.close(paid.out_trade_no)
    assert exc.value.code == "already_paid"

    failed = place(name)
    sandbox_client.fail(name, failed.out_trade_no)
    assert gw.query(failed.out_trade_no).status == ("failed" if name == "wechat" else "closed")


def test_alipay_trade_exists_only_once_opened(gateways, notify_receiver):
    gw = gateways["alipay"]
    order = _order("alipay", notify_receiver)
    gw.create(order)
    assert gw.query(order.out_trade_no).status == "pending"  # ACQ.TRADE_NOT_EXIST: payer never opened it
    gw.close(order.out_trade_no)  # nothing to close


@both
@pytest.mark.clock
def test_expired_order_cannot_be_paid(name, gateways, sandbox_client, notify_receiver):
    order = _order(name, notify_receiver, expires_at=timezone.now() - timedelta(seconds=5))
    html = sandbox_client.open(gateways[name].create(order).pay_url)
    assert "过期" in html and "确认支付" not in html
    with pytest.raises(SandboxClientError) as err:
        sandbox_client.pay(name, order.out_trade_no)
    assert err.value.code == "expired"
    assert sandbox_client.pay(name, order.out_trade_no, ignore_expiry=True, notify=False)["order"]["status"] == "paid"


@both
def test_refund_partial_then_full_idempotent(name, gateways, place, sandbox_client, notify_receiver):
    gw = gateways[name]
    order = place(name)
    sandbox_client.pay(name, order.out_trade_no, notify=False)
    refund_notify_url = notify_receiver.notify_url(name, "R" + order.out_trade_no)
    r1 = gw.refund(out_trade_no=order.out_trade_no, out_refund_no=f"{order.out_trade_no}R1", refund_fen=3000,
                   total_fen=8800, reason="行程取消", notify_url=refund_notify_url)
    again = gw.refund(out_trade_no=order.out_trade_no, out_refund_no=f"{order.out_trade_no}R1", refund_fen=3000,
                      total_fen=8800, reason="行程取消")
    assert r1.gateway_refund_id and again.gateway_refund_id == r1.gateway_refund_id
    assert r1.amount_fen == again.amount_fen == 3000 and r1.status in ("processing", "succeeded")
    assert sandbox_client.order(name, order.out_trade_no)["refunded_fen"] == 3000  # no double refund
    with pytest.raises(GatewayError) as err:  # same out_refund_no, another amount
        gw.refund(out_trade_no=order.out_trade_no, out_refund_no=f"{order.out_trade_no}R1", refund_fen=100,
                  total_fen=8800)
    assert err.value.code == "gateway_rejected"
    with pytest.raises(GatewayError):  # more than what is left
        gw.refund(out_trade_no=order.out_trade_no, out_refund_no=f"{order.out_trade_no}R9", refund_fen=5801,
                  total_fen=8800)
    r2 = gw.refund(out_trade_no=order.out_trade_no, out_refund_no=f"{order.out_trade_no}R2", refund_fen=5800,
                   total_fen=8800)
    assert r2.gateway_refund_id != r1.gateway_refund_id
    assert sandbox_client.order(name, order.out_trade_no)["refunded_fen"] == 8800
    assert gw.query(order.out_trade_no).status == "refunded"
    q1 = gw.query_refund(out_trade_no=order.out_trade_no, out_refund_no=f"{order.out_trade_no}R1")
    assert (q1.status, q1.amount_fen, q1.gateway_refund_id) == ("succeeded", 3000, r1.gateway_refund_id)
    with pytest.raises(GatewayError) as err:
        gw.query_refund(out_trade_no=order.out_trade_no, out_refund_no="nope123456")
    assert err.value.code == "not_found"
    # refund notifications: WeChat to the refund's notify_url, Alipay to the trade's notify_url
    tag = "R" + order.out_trade_no if name == "wechat" else order.out_trade_no
    notes = [g.note for g in notify_receiver.wait(tag, 1 if name == "wechat" else 2)]
    assert all(n is not None and n.kind == "refund" and n.status == "succeeded" for n in notes)
    assert notes[0].out_refund_no == f"{order.out_trade_no}R1"
    assert notes[0].raw["out_refund_no"] == notes[0].out_refund_no  # what services.process_notification reads
    if name == "wechat":
        assert notes[0].refund_fen == 3000 and notes[0].gateway_refund_id == r1.gateway_refund_id
    else:
        assert [n.refunded_total_fen for n in notes] == [3000, 8800]


@both
def test_bill_matches_and_shows_anomalies(name, gateways, place, sandbox_client):
    gw = gateways[name]
    a, b, c, d = (place(name, amount_fen=amt) for amt in (1000, 2000, 3000, 4000))
    for o in (a, b, c, d):
        sandbox_client.pay(name, o.out_trade_no, notify=False)
    gw.refund(out_trade_no=a.out_trade_no, out_refund_no=f"{a.out_trade_no}R1", refund_fen=250, total_fen=1000)
    day = gw.query(a.out_trade_no).paid_at.date()
    rows = {(r.kind, r.out_refund_no or r.out_trade_no): r for r in gw.download_bill(day)}
    for o in (a, b, c, d):
        row = rows[("payment", o.out_trade_no)]
        assert (row.amount_fen, row.status) == (o.amount_fen, "succeeded")
        assert row.gateway_txn_id == gw.query(o.out_trade_no).gateway_txn_id and row.fee_fen > 0
    refund = rows[("refund", f"{a.out_trade_no}R1")]
    assert (refund.amount_fen, refund.status, refund.out_trade_no) == (250, "refunded", a.out_trade_no)
    assert refund.gateway_refund_id == gw.query_refund(out_trade_no=a.out_trade_no,
                                                       out_refund_no=f"{a.out_trade_no}R1").gateway_refund_id

    iso = day.isoformat()
    long_no = f"LONG{uuid.uuid4().hex[:12]}"
    sandbox_client.bill_anomaly(name, iso, "long", out_trade_no=long_no, amount_fen=777)
    sandbox_client.bill_anomaly(name, iso, "short", out_trade_no=b.out_trade_no)
    sandbox_client.bill_anomaly(name, iso, "amount", out_trade_no=c.out_trade_no)
    sandbox_client.bill_anomaly(name, iso, "status", out_trade_no=d.out_trade_no)
    try:
        rows = {(r.kind, r.out_refund_no or r.out_trade_no): r for r in gw.download_bill(day)}
    finally:
        sandbox_client.clear_anomalies(name, iso)
    assert rows[("payment", long_no)].amount_fen == 777
    assert ("payment", b.out_trade_no) not in rows
    assert rows[("payment", c.out_trade_no)].amount_fen == 3001
    assert rows[("payment", d.out_trade_no)].status == ("revoked" if name == "wechat" else "closed")
    assert rows[("payment", a.out_trade_no)].status == "succeeded"


def test_wechat_bill_file_format(gateways, place, sandbox_client):
    gw = gateways["wechat"]
    order = place("wechat", amount_fen=1234)
    sandbox_client.pay("wechat", order.out_trade_no, notify=False)
    day = gw.query(order.out_trade_no).paid_at.date().isoformat()
    _, info = gw._call(gw.client.trade_bill, bill_date=day, tar_type="")
    _, content = gw._call(gw.client.download_bill, info["download_url"])
    lines = content.decode("utf-8").splitlines()
    assert lines[0].startswith("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号")
    assert lines[-2].startswith("总交易单数,应结订单总金额,退款总金额") and lines[-1].startswith("`")
    row = next(line for line in lines if order.out_trade_no in line)
    assert all(field.startswith("`") for field in row.split(",")) and "`12.34" in row


def test_alipay_bill_file_is_gbk_zip(gateways, place, sandbox_client):
    import io
    import zipfile

    gw = gateways["alipay"]
    order = place("alipay", amount_fen=1234)
    sandbox_client.pay("alipay", order.out_trade_no, notify=False)
    day = gw.query(order.out_trade_no).paid_at.date().isoformat()
    data = gw._call(gw.client.server_api, "alipay.data.dataservice.bill.downloadurl.query",
                    biz_content={"bill_type": "trade", "bill_date": day})
    with zipfile.ZipFile(io.BytesIO(requests.get(data["bill_download_url"], timeout=5).content)) as zf:
        names = zf.namelist()
        detail = zf.read(next(n for n in names if n.endswith("_业务明细.csv"))).decode("gbk")
    assert any(n.endswith("_业务明细(汇总).csv") for n in names)
    assert detail.startswith("#支付宝业务明细查询") and "支付宝交易号,商户订单号,业务类型" in detail
    assert f"{order.out_trade_no}\t,交易" in detail and ",12.34,12.34," in detail


def test_h5_channel(gateways, notify_receiver, sandbox_client):
    wx = gateways["wechat"].create(_order("wechat", notify_receiver, channel="h5", client_ip="10.1.2.3",
                                          return_url="http://localhost/pay/done?id=1"))
    assert "/wechat/pay/" in wx.pay_url and "redirect_url=http%3A%2F%2Flocalhost%2Fpay%2Fdone%3Fid%3D1" in wx.pay_url
    ali = gateways["alipay"].create(_order("alipay", notify_receiver, channel="h5", return_url="http://localhost/r"))
    assert "method=alipay.trade.wap.pay" in ali.pay_url and "确认支付" in sandbox_client.open(ali.pay_url)


def test_browser_cashier_pages(gateways, notify_receiver, sandbox, sandbox_client):
    wx_order = _order("wechat", notify_receiver, channel="h5", return_url="http://localhost/back")
    pay_url = gateways["wechat"].create(wx_order).pay_url
    page = requests.get(pay_url, timeout=5)
    assert "沙箱微信支付" in page.text and "确认支付" in page.text
    resp = requests.post(pay_url, data={"redirect_url": "http://localhost/back"}, allow_redirects=False, timeout=5)
    assert resp.status_code == 302 and resp.headers["Location"] == "http://localhost/back"
    assert notify_receiver.wait(wx_order.out_trade_no)[0].note.status == "succeeded"

    ali = gateways["alipay"]
    ali_order = _order("alipay", notify_receiver, return_url="http://localhost/alipay/return")
    html = sandbox_client.open(ali.create(ali_order).pay_url)
    assert "沙箱收银台" in html
    resp = requests.post(f"{sandbox.url}/alipay/cashier/{ali_order.out_trade_no}", allow_redirects=False, timeout=5)
    assert resp.status_code == 302 and resp.headers["Location"].startswith("http://localhost/alipay/return?")
    params = dict(parse_qsl(resp.headers["Location"].split("?", 1)[1]))
    assert params["out_trade_no"] == ali_order.out_trade_no
    sign = params.pop("sign")
    assert ali.client.verify(params, sign)  # return_url parameters are signed too
    assert notify_receiver.wait(ali_order.out_trade_no)[0].note.status == "succeeded"


@both
def test_signatures_checked_both_ways(name, gateways, place, sandbox, settings):
    order = place(name)
    other = _new_key()
    cfg = settings.PAYMENT_GATEWAYS[name]
    ours, theirs = ("merchant_private_key", "public_key") if name == "wechat" else ("app_private_key",
                                                                                     "alipay_public_key")
    # our requests signed with the wrong key: the sandbox refuses them
    settings.PAYMENT_GATEWAYS = {**settings.PAYMENT_GATEWAYS, name: {**cfg, ours: _private_pem(other)}}
    with pytest.raises(GatewayError) as err:
        get_gateway(name).query(order.out_trade_no)
    assert err.value.code == "gateway_rejected"
    # the sandbox's responses checked against the wrong public key: we refuse them
    settings.PAYMENT_GATEWAYS = {**settings.PAYMENT_GATEWAYS, name: {**cfg, theirs: _public_pem(other)}}
    with pytest.raises(GatewayError) as err:
        get_gateway(name).query(order.out_trade_no)
    assert err.value.code == "bad_signature"


def test_sandbox_rejects_unsigned_wechat_requests(gateways, sandbox):
    resp = requests.get(f"{sandbox.url}/v3/pay/transactions/out-trade-no/abc123?mchid=1", timeout=5)
    assert resp.status_code == 401 and resp.json()["code"] == "SIGN_ERROR"
    resp = requests.get(f"{sandbox.url}/alipay/gateway.do", params={"method": "alipay.trade.query",
                        "app_id": gateways["alipay"].app_id, "biz_content": json.dumps({"out_trade_no": "x"}),
                        "sign_type": "RSA2", "sign": "AAAA"}, timeout=5)
    assert "isv.invalid-signature" in resp.text and '"sign"' not in resp.text


def test_wechat_certificate_mode(gateways, settings, sandbox_client, notify_receiver):
    """Without the 微信支付公钥 the SDK downloads platform certificates (AES-GCM) from /v3/certificates."""
    cfg = {k: v for k, v in settings.PAYMENT_GATEWAYS["wechat"].items() if k not in ("public_key_path",
                                                                                     "public_key_id")}
    settings.PAYMENT_GATEWAYS = {**settings.PAYMENT_GATEWAYS, "wechat": cfg}
    gw = get_gateway("wechat")
    order = _order("wechat", notify_receiver)
    gw.create(order)
    sandbox_client.pay("wechat", order.out_trade_no)
    [got] = notify_receiver.wait(order.out_trade_no)
    assert got.note.status == "succeeded" and got.headers["Wechatpay-Serial"].isalnum()
    assert gw.query(order.out_trade_no).status == "succeeded"


def test_get_gateway_configuration(gateways, settings):
    assert get_gateway("wechat") is gateways["wechat"]  # cached while the settings stay the same
    with pytest.raises(ValueError):
        get_gateway("paypal")
    del settings.PAYMENT_GATEWAYS
    settings.PAYMENT_USE_SANDBOX = False  # production: no credentials, no fallback to the sandbox
    with pytest.raises(ImproperlyConfigured):
        get_gateway("alipay")

