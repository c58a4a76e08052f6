"""WeChat Pay API v3 adapter on the wechatpayv3 SDK.

The SDK signs every request with the merchant key, verifies every 2xx response and every
callback with the "微信支付公钥" (public-key mode) or with platform certificates fetched from
/v3/certificates (certificate mode: leave `public_key` unset), and decrypts callbacks with
the APIv3 key. The only thing changed is the host the SDK talks to (`base_url`), so the
sandbox exercises exactly the code that runs in production.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from datetime import date
from urllib.parse import quote

import requests
from wechatpayv3 import WeChatPay, WeChatPayType
from wechatpayv3.core import Core

from shared_apps.ledger.money import fen_from_yuan, to_wechat

from ._common import fee_fen, header_lookup, parse_cst, parse_rfc3339, read_secret, to_cst
from .base import BillRow, CreateResult, GatewayError, GatewayOrder, Notification, QueryResult, RefundResult

PRODUCTION_URL = "https://api.mch.weixin.qq.com"
MAX_CALLBACK_AGE = 300  # seconds; older (or future) callback timestamps are replays
TRADE_STATES = {"SUCCESS": "succeeded", "REFUND": "refunded", "NOTPAY": "pending", "USERPAYING": "pending",
                "ACCEPT": "pending", "CLOSED": "closed", "REVOKED": "closed", "PAYERROR": "failed"}
REFUND_STATES = {"SUCCESS": "succeeded", "PROCESSING": "processing", "CLOSED": "failed", "ABNORMAL": "failed"}
HEADERS = ("Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial",
           "Wechatpay-Signature-Type")


class _Core(Core):
    """The SDK core with another API host. Core.__init__ assigns the production host (and, in
    certificate mode, immediately downloads certificates from it), so the host is a property
    that ignores that assignment."""

    def __init__(self, *, base_url: str, **kwargs):
        self._base_url = base_url.rstrip("/")
        super().__init__(**kwargs)

    @property
    def _gate_way(self) -> str:
        return self._base_url

    @_gate_way.setter
    def _gate_way(self, _production_url: str) -> None:
        pass


class _WeChatPay(WeChatPay):
    def __init__(self, *, base_url: str, wechatpay_type, mchid, private_key, cert_serial_no, appid, apiv3_key,
                 cert_dir=None, timeout=None, public_key=None, public_key_id=None):
        # Same attributes WeChatPay.__init__ sets, with our Core (direct merchant mode).
        self._type, self._mchid, self._appid, self._notify_url = wechatpay_type, mchid, appid, None
        self._partner_mode = False
        self._core = _Core(base_url=base_url, mchid=mchid, cert_serial_no=cert_serial_no, private_key=private_key,
                           apiv3_key=apiv3_key, cert_dir=cert_dir, timeout=timeout, public_key=public_key,
                           public_key_id=public_key_id)


class WeChatPayGateway:
    name = "wechat"

    def __init__(self, config: dict):
        self.config = config
        self.mchid, self.appid = str(config["mchid"]), str(config["appid"])
        self.refund_notify_url = config.get("refund_notify_url", "")
        public_key = read_secret(config, "public_key", required=False) or None
        try:
            self.client = _WeChatPay(
                base_url=config.get("base_url") or PRODUCTION_URL, wechatpay_type=WeChatPayType.NATIVE,
                mchid=self.mchid, appid=self.appid, private_key=read_secret(config, "merchant_private_key"),
                cert_serial_no=config["merchant_serial_no"], apiv3_key=read_secret(config, "apiv3_key").strip(),
                cert_dir=config.get("cert_dir"), timeout=(5, float(config.get("timeout", 15))),
                public_key=public_key, public_key_id=config.get("public_key_id") if public_key else None)
        except requests.RequestException as exc:
            raise GatewayError("gateway_unavailable", f"WeChat Pay certificates: {exc}") from exc

    # transport -------------------------------------------------------------------------
    def _call(self, fn, *args, **kwargs) -> tuple[int, dict | bytes]:
        try:
            code, payload = fn(*args, **kwargs)
        except requests.RequestException as exc:
            raise GatewayError("gateway_unavailable", f"WeChat Pay unreachable: {exc}") from exc
        except Exception as exc:  # the SDK raises bare Exception when a response signature is wrong
            if "signature" in str(exc):
                raise GatewayError("bad_signature", "WeChat Pay response signature invalid") from exc
            raise GatewayError("malformed", f"WeChat Pay SDK: {exc}") from exc
        if isinstance(payload, bytes):
            return code, payload
        try:
            data = json.loads(payload) if payload else {}
        except ValueError as exc:
            raise GatewayError("malformed", f"WeChat Pay answered {code} with non-JSON") from exc
        if 200 <= code < 300:
            return code, data
        err, message = data.get("code", ""), data.get("message", "")
        if code == 404 or err in ("ORDER_NOT_EXIST", "RESOURCE_NOT_EXISTS", "ORDERNOTEXIST"):
            raise GatewayError("not_found", f"{err}: {message}")
        if err == "ORDERPAID":
            raise GatewayError("already_paid", message)
        if code >= 500 or err in ("SYSTEM_ERROR", "FREQUENCY_LIMITED", "BANK_ERROR"):
            raise GatewayError("gateway_unavailable", f"{code} {err}: {message}")
        raise GatewayError("gateway_rejected", f"{code} {err}: {message}")

    # Gateway interface -------------------------------------------------------------------
    def create(self, order: GatewayOrder) -> CreateResult:
        if order.amount_fen <= 0:
            raise GatewayError("malformed", "amount must be positive")
        h5 = order.channel == "h5"
        kwargs = {"description": order.description[:127], "out_trade_no": order.out_trade_no,
                  "amount": {"total": to_wechat(order.amount_fen), "currency": "CNY"},
                  "time_expire": to_cst(order.expires_at).isoformat(), "notify_url": order.notify_url,
                  "pay_type": WeChatPayType.H5 if h5 else WeChatPayType.NATIVE}
        if h5:
            kwargs["scene_info"] = {"payer_client_ip": order.client_ip or "127.0.0.1", "h5_info": {"type": "Wap"}}
        _, data = self._call(self.client.pay, **kwargs)
        if h5:
            url = data["h5_url"]
            if order.return_url:
                url += ("&" if "?" in url else "?") + "redirect_url=" + quote(order.return_url, safe="")
        else:
            url = data["code_url"]
        return CreateResult(out_trade_no=order.out_trade_no, pay_url=url, raw=data)

    def query(self, out_trade_no: str) -> QueryResult:
        _, data = self._call(self.client.query, out_trade_no=out_trade_no)
        return QueryResult(out_trade_no=data.get("out_trade_no", out_trade_no),
                           status=TRADE_STATES.get(data.get("trade_state", ""), "pending"),
                           gateway_txn_id=data.get("transaction_id", ""),
                           amount_fen=int((data.get("amount") or {}).get("total", 0)),
                           paid_at=parse_rfc3339(data.get("success_time", "")), raw=data)

    def close(self, out_trade_no: str) -> None:
        try:
            self._call(self.client.close, out_trade_no=out_trade_no)
        except GatewayError as exc:
            if exc.code != "not_found":  # nothing to close
                raise

    def refund(self, *, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int,
               reason: str = "", notify_url: str = "") -> RefundResult:
        _, data = self._call(self.client.refund, out_refund_no=out_refund_no, out_trade_no=out_trade_no,
                             amount={"refund": to_wechat(refund_fen), "total": to_wechat(total_fen), "currency": "CNY"},
                             reason=reason[:80] or None, notify_url=notify_url or self.refund_notify_url or None)
        return self._refund_result(data)

    def query_refund(self, *, out_trade_no: str, out_refund_no: str) -> RefundResult:
        _, data = self._call(self.client.query_refund, out_refund_no=out_refund_no)
        return self._refund_result(data)

    def _refund_result(self, data: dict) -> RefundResult:
        return RefundResult(out_refund_no=data["out_refund_no"], gateway_refund_id=data.get("refund_id", ""),
                            status=REFUND_STATES.get(data.get("status", ""), "processing"),
                            amount_fen=int(data["amount"]["refund"]), raw=data)

    def verify_callback(self, headers: dict, body: bytes) -> Notification:
        lookup = header_lookup(headers)
        canonical = {name: lookup.get(name.lower(), "") for name in HEADERS}
        if not (canonical["Wechatpay-Signature"] and canonical["Wechatpay-Timestamp"] and canonical["Wechatpay-Nonce"]):
            raise GatewayError("bad_signature", "Wechatpay-* signature headers missing")
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        try:
            envelope = json.loads(text)
        except ValueError as exc:
            raise GatewayError("malformed", "callback body is not JSON") from exc
        try:
            data = self.client.callback(canonical, text)  # SDK: verify the signature, decrypt the resource
            signed = data is not None or self.client._core._verify_signature(canonical, text)
        except Exception as exc:  # unsupported algorithm, unparsable serial...
            raise GatewayError("bad_signature", f"callback verification failed: {exc}") from exc
        if not signed:
            raise GatewayError("bad_signature", "callback signature invalid")
        if data is None:
            raise GatewayError("decrypt_failed", "callback resource could not be decrypted (APIv3 key?)")
        try:
            age = time.time() - int(canonical["Wechatpay-Timestamp"])
        except ValueError as exc:
            raise GatewayError("bad_signature", "bad Wechatpay-Timestamp") from exc
        if abs(age) > MAX_CALLBACK_AGE:
            raise GatewayError("stale_timestamp", f"callback timestamp {int(age)} s off")
        return self._notification(envelope, data["resource"])

    def _notification(self, envelope: dict, res: dict) -> Notification:
        event, amount = envelope.get("event_type", ""), res.get("amount") or {}
        if res.get("mchid", self.mchid) != self.mchid:
            raise GatewayError("malformed", "callback for another merchant")
        common = {"gateway": self.name, "notify_id": envelope.get("id", ""),
                  "out_trade_no": res.get("out_trade_no", ""),
                  "gateway_txn_id": res.get("transaction_id", ""), "amount_fen": int(amount.get("total", 0)),
                  "event_at": parse_rfc3339(envelope.get("create_time", ""))}
        if event.startswith("REFUND."):
            status = REFUND_STATES.get(res.get("refund_status", ""), "failed" if event != "REFUND.SUCCESS" else
                                       "succeeded")
            return Notification(**common, kind="refund", status=status, paid_at=None,
                                raw={**res, "event_type": event}, out_refund_no=res.get("out_refund_no", ""),
                                gateway_refund_id=res.get("refund_id", ""), refund_fen=int(amount.get("refund", 0)))
        status = TRADE_STATES.get(res.get("trade_state", ""), "pending")
        if status == "refunded":
            status = "succeeded"  # a payment notice of a trade that was paid (and since refunded)
        return Notification(**common, kind="payment", status=status,
                            paid_at=parse_rfc3339(res.get("success_time", "")), raw={**res, "event_type": event})

    def callback_ack(self, ok: bool) -> tuple[int, str, str]:
        if ok:
            return 200, "application/json", json.dumps({"code": "SUCCESS", "message": "成功"}, ensure_ascii=False)
        return 500, "application/json", json.dumps({"code": "FAIL", "message": "失败"}, ensure_ascii=False)

    def download_bill(self, day: date) -> list[BillRow]:
        try:
            _, info = self._call(self.client.trade_bill, bill_date=day.isoformat(), bill_type="ALL", tar_type="GZIP")
        except GatewayError as exc:
            if "NO_STATEMENT_EXIST" in str(exc):
                return []
            raise
        code, content = self._call(self.client.download_bill, info["download_url"])
        if isinstance(content, dict):
            raise GatewayError("malformed", "bill download answered JSON")
        raw = gzip.decompress(content) if content[:2] == b"\x1f\x8b" else content
        if info.get("hash_type", "SHA1").upper() == "SHA1" and hashlib.sha1(raw).hexdigest() != info.get("hash_value"):
            raise GatewayError("malformed", "bill file hash mismatch")
        return parse_trade_bill(raw.decode("utf-8-sig"))


def parse_trade_bill(text: str) -> list[BillRow]:
    """WeChat Pay trade bill CSV: a header, rows whose fields start with a backtick, then the
    summary header (总交易单数,...) and its row."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = lines[0].split(",")
    rows = []
    for line in lines[1:]:
        if line.startswith("总交易单数"):
            break
        values = line[1:].split(",`") if line.startswith("`") else line.split(",")
        if len(values) != len(header):
            raise GatewayError("malformed", f"bill row has {len(values)} fields, header {len(header)}")
        r = dict(zip(header, values, strict=True))
        at = parse_cst(r["交易时间"])
        state = r["交易状态"]
        common = {"out_trade_no": r["商户订单号"], "gateway_txn_id": r["微信订单号"], "at": at,
                  "fee_fen": fee_fen(r.get("手续费", "0"))}
        if state == "REFUND":
            refund_state = r.get("退款状态", "SUCCESS")
            rows.append(BillRow(kind="refund", amount_fen=fen_from_yuan(r["退款金额"]),
                                status="refunded" if refund_state == "SUCCESS" else refund_state.lower(),
                                out_refund_no=r["商户退款单号"], gateway_refund_id=r["微信退款单号"], **common))
        else:
            amount = r.get("订单金额") or r["应结订单金额"]
            rows.append(BillRow(kind="payment", amount_fen=fen_from_yuan(amount),
                                status="succeeded" if state == "SUCCESS" else state.lower(), **common))
    return rows
