"""Alipay (openapi gateway, RSA2) adapter on python-alipay-sdk.

The SDK signs every request with the app private key and verifies every synchronous
response (AliPay.verified_sync_response) and every notification (AliPay.verify) with the
Alipay public key. Only the gateway URL differs between production and the sandbox.
"""

from __future__ import annotations

import csv
import io
import urllib.error
import zipfile
from datetime import date
from urllib.parse import parse_qsl

import requests
from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError

from shared_apps.ledger.money import fen_from_yuan, to_alipay

from ._common import fee_fen, parse_cst, read_secret, to_cst
from .base import BillRow, CreateResult, GatewayError, GatewayOrder, Notification, QueryResult, RefundResult

PRODUCTION_URL = "https://openapi.alipay.com/gateway.do"
TRADE_STATES = {"WAIT_BUYER_PAY": "pending", "TRADE_SUCCESS": "succeeded", "TRADE_FINISHED": "succeeded",
                "TRADE_CLOSED": "closed"}
BILL_KINDS = {"交易": ("payment", "succeeded"), "退款": ("refund", "refunded"), "交易关闭": ("payment", "closed")}


class _AliPay(AliPay):
    def __init__(self, *, gateway_url: str, **kwargs):
        super().__init__(**kwargs)
        self._gateway = gateway_url  # the SDK hardcodes the production (or its own sandbox) URL


def refund_id(trade_no: str, out_request_no: str) -> str:
    """Alipay has no refund id: a refund is (trade_no, out_request_no)."""
    return f"{trade_no}:{out_request_no}"


class AlipayGateway:
    name = "alipay"

    def __init__(self, config: dict):
        self.config = config
        self.app_id = str(config["app_id"])
        self.seller_id = str(config.get("seller_id", ""))
        self.gateway_url = config.get("gateway_url") or PRODUCTION_URL
        self.timeout = float(config.get("timeout", 15))
        self.client = _AliPay(gateway_url=self.gateway_url, appid=self.app_id, app_notify_url=None,
                              app_private_key_string=read_secret(config, "app_private_key"),
                              alipay_public_key_string=read_secret(config, "alipay_public_key"), sign_type="RSA2")
        self.client._config.timeout = self.timeout

    # transport -------------------------------------------------------------------------
    def _call(self, fn, *args, **kwargs) -> dict:
        """Call the SDK; return the verified response body when code is 10000."""
        try:
            data = fn(*args, **kwargs)
        except AliPayValidationError as exc:
            raise GatewayError("bad_signature", "Alipay response signature invalid") from exc
        except AliPayException as exc:  # unsigned error response (bad app id, our signature rejected...)
            raise GatewayError("gateway_rejected", str(exc)) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise GatewayError("gateway_unavailable", f"Alipay unreachable: {exc}") from exc
        except ValueError as exc:
            raise GatewayError("malformed", f"Alipay answered non-JSON: {exc}") from exc
        if data.get("code") == "10000":
            return data
        sub_code = data.get("sub_code", "")
        message = f"{data.get('code')} {sub_code}: {data.get('sub_msg', data.get('msg', ''))}"
        if sub_code == "ACQ.TRADE_NOT_EXIST":
            raise GatewayError("not_found", message)
        if sub_code in ("ACQ.SYSTEM_ERROR", "isp.unknow-error", "aop.ACQ.SYSTEM_ERROR") or data.get("code") == "20000":
            raise GatewayError("gateway_unavailable", message)
        raise GatewayError("gateway_rejected", message)

    # Gateway interface -------------------------------------------------------------------
    def create(self, order: GatewayOrder) -> CreateResult:
        if order.amount_fen <= 0:
            raise GatewayError("malformed", "amount must be positive")
        api = self.client.api_alipay_trade_wap_pay if order.channel == "h5" else self.client.api_alipay_trade_page_pay
        query = api(subject=order.description[:256], out_trade_no=order.out_trade_no,
                    total_amount=to_alipay(order.amount_fen), return_url=order.return_url or None,
                    notify_url=order.notify_url, time_expire=to_cst(order.expires_at).strftime("%Y-%m-%d %H:%M:%S"))
        return CreateResult(out_trade_no=order.out_trade_no, pay_url=f"{self.gateway_url}?{query}",
                            raw={"method": "wap" if order.channel == "h5" else "page"})

    def query(self, out_trade_no: str) -> QueryResult:
        try:
            data = self._call(self.client.api_alipay_trade_query, out_trade_no=out_trade_no)
        except GatewayError as exc:
            if exc.code == "not_found":  # Alipay creates the trade when the payer opens the cashier
                return QueryResult(out_trade_no=out_trade_no, status="pending", raw={"sub_code": "ACQ.TRADE_NOT_EXIST"})
            raise
        trade_status = data.get("trade_status", "")
        status = TRADE_STATES.get(trade_status, "pending")
        if trade_status == "TRADE_CLOSED" and data.get("send_pay_date"):
            status = "refunded"  # closed after payment: fully refunded
        return QueryResult(out_trade_no=out_trade_no, status=status, gateway_txn_id=data.get("trade_no", ""),
                           amount_fen=fen_from_yuan(data.get("total_amount") or "0"),
                           paid_at=parse_cst(data.get("send_pay_date", "")), raw=data)

    def close(self, out_trade_no: str) -> None:
        try:
            self._call(self.client.api_alipay_trade_close, out_trade_no=out_trade_no)
        except GatewayError as exc:
            if exc.code == "not_found":
                return  # never opened by the payer; the signed pay URL expires by itself (time_expire)
            if "ACQ.TRADE_STATUS_ERROR" in str(exc) or "ACQ.TRADE_HAS_SUCCESS" in str(exc):
                raise GatewayError("already_paid", str(exc)) from exc
            raise

    def refund(self, *, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int,
               reason: str = "", notify_url: str = "") -> RefundResult:
        extra = {"out_request_no": out_refund_no}
        if reason:
            extra["refund_reason"] = reason[:256]
        data = self._call(self.client.api_alipay_trade_refund, to_alipay(refund_fen), out_trade_no=out_trade_no,
                          **extra)
        # code 10000 is a completed refund; fund_change "N" means this out_request_no was already refunded
        return RefundResult(out_refund_no=out_refund_no, gateway_refund_id=refund_id(data["trade_no"], out_refund_no),
                            status="succeeded", amount_fen=refund_fen, raw=data)

    def query_refund(self, *, out_trade_no: str, out_refund_no: str) -> RefundResult:
        data = self._call(self.client.api_alipay_trade_fastpay_refund_query, out_refund_no,
                          out_trade_no=out_trade_no)
        if not data.get("refund_amount"):  # Alipay answers 10000 without amounts for an unknown refund
            raise GatewayError("not_found", f"refund {out_refund_no} not found")
        status = {"REFUND_SUCCESS": "succeeded", "REFUND_PROCESSING": "processing"}.get(
            data.get("refund_status", "REFUND_SUCCESS"), "failed")
        return RefundResult(out_refund_no=out_refund_no, gateway_refund_id=refund_id(data["trade_no"], out_refund_no),
                            status=status, amount_fen=fen_from_yuan(data["refund_amount"]), raw=data)

    def verify_callback(self, headers: dict, body: bytes) -> Notification:
        try:
            text = body.decode("utf-8") if isinstance(body, bytes) else body
            params = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
        except ValueError as exc:
            raise GatewayError("malformed", "notification is not form-encoded UTF-8") from exc
        sign = params.pop("sign", "")
        if not sign:
            raise GatewayError("bad_signature", "notification has no sign")
        try:
            ok = self.client.verify(dict(params), sign)  # SDK: RSA2 over the sorted params minus sign/sign_type
        except (AliPayException, ValueError, TypeError) as exc:
            raise GatewayError("bad_signature", f"notification verification failed: {exc}") from exc
        if not ok:
            raise GatewayError("bad_signature", "notification signature invalid")
        if params.get("app_id") != self.app_id or (self.seller_id and params.get("seller_id", self.seller_id)
                                                   != self.seller_id):
            raise GatewayError("bad_signature", "notification for another app or seller")
        try:
            return self._notification(params)
        except (KeyError, ValueError) as exc:
            raise GatewayError("malformed", f"notification fields: {exc}") from exc

    def _notification(self, p: dict) -> Notification:
        common = {"gateway": self.name, "notify_id": p["notify_id"], "out_trade_no": p.get("out_trade_no", ""),
                  "gateway_txn_id": p.get("trade_no", ""), "amount_fen": fen_from_yuan(p.get("total_amount") or "0"),
                  "paid_at": parse_cst(p.get("gmt_payment", "")), "event_at": parse_cst(p.get("notify_time", ""))}
        if p.get("out_biz_no") or p.get("refund_fee") or p.get("gmt_refund"):
            return Notification(**common, kind="refund", status="succeeded",
                                raw={**p, "out_refund_no": p.get("out_biz_no", "")},
                                out_refund_no=p.get("out_biz_no", ""),
                                gateway_refund_id=refund_id(p.get("trade_no", ""), p.get("out_biz_no", "")),
                                refunded_total_fen=fen_from_yuan(p.get("refund_fee") or "0"))
        return Notification(**common, kind="payment", status=TRADE_STATES.get(p.get("trade_status", ""), "pending"),
                            raw=p)

    def callback_ack(self, ok: bool) -> tuple[int, str, str]:
        return 200, "text/plain", "success" if ok else "fail"

    def download_bill(self, day: date) -> list[BillRow]:
        try:
            data = self._call(self.client.server_api, "alipay.data.dataservice.bill.downloadurl.query",
                              biz_content={"bill_type": "trade", "bill_date": day.isoformat()})
        except GatewayError as exc:
            if "bill_not_exist" in str(exc):
                return []
            raise
        try:
            resp = requests.get(data["bill_download_url"], timeout=self.timeout)
            resp.raise_for_status()
        except requests.RequestException as exc:
            raise GatewayError("gateway_unavailable", f"bill download: {exc}") from exc
        try:
            with zipfile.ZipFile(io.BytesIO(resp.content)) as zf:
                name = next(n for n in zf.namelist() if n.endswith("业务明细.csv"))
                text = zf.read(name).decode("gbk")
        except (zipfile.BadZipFile, StopIteration, UnicodeDecodeError) as exc:
            raise GatewayError("malformed", f"bill file: {exc}") from exc
        return parse_business_detail(text)


def parse_business_detail(text: str) -> list[BillRow]:
    """Alipay 业务明细 CSV: '#' comment lines around a header row and data rows whose id
    fields carry a trailing tab."""
    reader = csv.reader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    header = None
    rows = []
    for values in reader:
        values = [v.strip() for v in values]
        if header is None:
            header = values
            continue
        r = dict(zip(header, values, strict=False))
        kind, status = BILL_KINDS.get(r["业务类型"], ("payment", r["业务类型"]))
        common = {"kind": kind, "status": status, "out_trade_no": r["商户订单号"], "gateway_txn_id": r["支付宝交易号"],
                  "at": parse_cst(r["完成时间"] or r["创建时间"]), "fee_fen": -fee_fen(r.get("服务费（元）", "0"))}
        if kind == "refund":
            request_no = r.get("退款批次号/请求号", "")
            rows.append(BillRow(amount_fen=abs(fen_from_yuan(r["商家实收（元）"])), out_refund_no=request_no,
                                gateway_refund_id=refund_id(r["支付宝交易号"], request_no), **common))
        else:
            rows.append(BillRow(amount_fen=fen_from_yuan(r["订单金额（元）"]), **common))
    return rows
