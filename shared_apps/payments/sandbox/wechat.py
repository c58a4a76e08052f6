"""WeChat Pay API v3, sandbox side: verifies our request signatures, signs every response and
callback with the platform key, encrypts callback resources with the APIv3 key."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import secrets
import time
import uuid
from datetime import datetime, timedelta

from . import bills, crypto
from .notify import Message
from .state import CLOSED, FAILED, PAID, PENDING, Order, Refund, SandboxError, now
from .web import Request, Response, esc, json_response, page, redirect

SIGN_TYPE = "WECHATPAY2-SHA256-RSA2048"
MAX_SKEW = 300

ERRORS = {  # SandboxError.code -> (HTTP status, WeChat code)
    "not_found": (404, "ORDER_NOT_EXIST"), "already_paid": (400, "ORDERPAID"), "closed": (400, "ORDER_CLOSED"),
    "out_trade_no_used": (400, "INVALID_REQUEST"), "trade_status_error": (400, "INVALID_REQUEST"),
    "not_enough": (400, "INVALID_REQUEST"), "discordant_repeat": (400, "INVALID_REQUEST"),
    "total_mismatch": (400, "PARAM_ERROR"), "expired": (400, "ORDER_CLOSED"), "not_payable": (400, "INVALID_REQUEST"),
}
STATES = {PENDING: ("NOTPAY", "订单未支付"), PAID: ("SUCCESS", "支付成功"), CLOSED: ("CLOSED", "订单已关闭"),
          FAILED: ("PAYERROR", "支付失败，请重新下单支付")}


def rfc3339(at: datetime | None) -> str:
    return at.isoformat(timespec="seconds") if at else ""


class WeChatSandbox:
    def __init__(self, sandbox, creds: dict):
        self.sb = sandbox
        self.state = sandbox.state
        self.mchid, self.appid = creds["mchid"], creds["appid"]
        self.merchant_serial = creds["merchant_serial_no"]
        self.merchant_key = crypto.public_key(creds["merchant_public_key"])
        self.platform_key = crypto.private_key(creds["platform_private_key"])
        self.public_key_id = creds["public_key_id"]
        self.cert_serial = creds["platform_cert_serial_no"]
        self.cert_pem = creds["platform_cert"]
        self.apiv3_key = creds["apiv3_key"]

    # signatures ------------------------------------------------------------------------
    def check_signature(self, req: Request) -> str | None:
        """None when the request is properly signed, else the reason."""
        auth = req.headers.get("authorization", "")
        if not auth.startswith(SIGN_TYPE + " "):
            return "Authorization 缺失或签名类型错误"
        fields = dict(re.findall(r'(\w+)="([^"]*)"', auth[len(SIGN_TYPE) + 1:]))
        if fields.get("mchid") != self.mchid:
            return "商户号不匹配"
        if fields.get("serial_no") != self.merchant_serial:
            return "商户证书序列号有误"
        try:
            skew = abs(time.time() - int(fields.get("timestamp", "")))
        except ValueError:
            return "时间戳格式错误"
        if skew > MAX_SKEW:
            return "请求时间戳已过期"
        message = f"{req.method}\n{req.raw_uri}\n{fields['timestamp']}\n{fields.get('nonce_str', '')}\n" \
                  f"{req.body.decode('utf-8', 'replace')}\n"
        if not crypto.verify(self.merchant_key, message, fields.get("signature", "")):
            return "签名错误"
        return None

    def signed_headers(self, body: str, mode: str, *, stale: bool = False, bad: bool = False) -> dict:
        ts = str(int(time.time()) - (600 if stale else 0))
        nonce = crypto.nonce(32)
        signature = crypto.sign(self.platform_key, f"{ts}\n{nonce}\n{body}\n" + ("tampered" if bad else ""))
        return {"Wechatpay-Timestamp": ts, "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature,
                "Wechatpay-Serial": self.public_key_id if mode == "public_key" else self.cert_serial,
                "Wechatpay-Signature-Type": SIGN_TYPE, "Request-ID": str(uuid.uuid4())}

    def reply(self, req: Request, status: int, obj=None) -> Response:
        mode = "public_key" if req.headers.get("wechatpay-serial", "").startswith("PUB_KEY_ID") else "certificate"
        body = "" if obj is None else json.dumps(obj, ensure_ascii=False)
        resp = json_response(status, None, raw=body)
        for name, value in self.signed_headers(body, mode).items():
            resp.header(name, value)
        return resp

    def error(self, req: Request, status: int, code: str, message: str) -> Response:
        return self.reply(req, status, {"code": code, "message": message})

    def refuse(self, req: Request, exc: SandboxError) -> Response:
        status, code = ERRORS.get(exc.code, (400, "INVALID_REQUEST"))
        return self.error(req, status, code, exc.message)

    # routing -----------------------------------------------------------------------------
    def handle(self, req: Request) -> Response | None:
        if req.path.startswith("/wechat/pay/"):
            return self.cashier(req, req.path[len("/wechat/pay/"):])
        if not req.path.startswith("/v3/"):
            return None
        problem = self.check_signature(req)
        if problem:
            return json_response(401, {"code": "SIGN_ERROR", "message": problem})
        p, m = req.path, req.method
        try:
            if p == "/v3/certificates" and m == "GET":
                return self.certificates(req)
            if p in ("/v3/pay/transactions/native", "/v3/pay/transactions/h5") and m == "POST":
                return self.create(req, "NATIVE" if p.endswith("native") else "H5")
            if match := re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/]+)", p):
                return self.query(req, self.state.require("wechat", match[1])) if m == "GET" else None
            if match := re.fullmatch(r"/v3/pay/transactions/id/([^/]+)", p):
                order = self.state.by_txn("wechat", match[1])
                if order is None:
                    raise SandboxError("not_found", "订单不存在")
                return self.query(req, order)
            if (match := re.fullmatch(r"/v3/pay/transactions/out-trade-no/([^/]+)/close", p)) and m == "POST":
                return self.close(req, match[1])
            if p == "/v3/refund/domestic/refunds" and m == "POST":
                return self.refund(req)
            if match := re.fullmatch(r"/v3/refund/domestic/refunds/([^/]+)", p):
                found = self.state.find_refund("wechat", match[1])
                if not found:
                    return self.error(req, 404, "RESOURCE_NOT_EXISTS", "退款单不存在")
                return self.reply(req, 200, self.refund_json(*found))
            if p == "/v3/bill/tradebill" and m == "GET":
                return self.tradebill(req)
            if p == "/v3/billdownload/file" and m == "GET":
                return self.download(req)
        except SandboxError as exc:
            return self.refuse(req, exc)
        except (ValueError, KeyError, TypeError) as exc:
            return self.error(req, 400, "PARAM_ERROR", f"参数错误: {exc}")
        return self.error(req, 404, "NOT_FOUND", "接口不存在")

    # API -----------------------------------------------------------------------------------
    def certificates(self, req: Request) -> Response:
        nonce = crypto.nonce(12)
        cipher = crypto.aes_gcm_encrypt(self.apiv3_key, nonce, self.cert_pem, "certificate")
        return self.reply(req, 200, {"data": [{
            "serial_no": self.cert_serial, "effective_time": rfc3339(now() - timedelta(days=1)),
            "expire_time": rfc3339(now() + timedelta(days=3600)),
            "encrypt_certificate": {"algorithm": "AEAD_AES_256_GCM", "nonce": nonce, "associated_data": "certificate",
                                    "ciphertext": cipher}}]})

    def create(self, req: Request, trade_type: str) -> Response:
        data = req.json()
        if data.get("appid") != self.appid or data.get("mchid") != self.mchid:
            return self.error(req, 400, "PARAM_ERROR", "appid 或 mchid 不正确")
        total = data["amount"]["total"]
        if not isinstance(total, int) or total <= 0 or not data.get("description") or not data.get("notify_url"):
            return self.error(req, 400, "PARAM_ERROR", "金额、描述或通知地址不正确")
        no = data["out_trade_no"]
        if not re.fullmatch(r"[A-Za-z0-9_\-|*]{6,32}", no):
            return self.error(req, 400, "PARAM_ERROR", "out_trade_no 格式错误")
        if trade_type == "H5" and not (data.get("scene_info") or {}).get("payer_client_ip"):
            return self.error(req, 400, "PARAM_ERROR", "H5 支付需要 scene_info.payer_client_ip")
        expires = datetime.fromisoformat(data["time_expire"]) if data.get("time_expire") else None
        mode = "public_key" if req.headers.get("wechatpay-serial", "").startswith("PUB_KEY_ID") else "certificate"
        self.state.create(Order(
            gateway="wechat", out_trade_no=no, amount_fen=total, description=data["description"],
            notify_url=data["notify_url"], trade_type=trade_type, expires_at=expires, serial_mode=mode,
            fingerprint=json.dumps([total, data["description"], trade_type])))
        url = f"{req.base_url}/wechat/pay/{no}"
        if trade_type == "NATIVE":
            return self.reply(req, 200, {"code_url": url})
        return self.reply(req, 200, {"h5_url": f"{url}?prepay_id=wx{secrets.token_hex(14)}"})

    def transaction_json(self, order: Order, status: str | None = None) -> dict:
        state, desc = STATES[status or order.status]
        if (status or order.status) == PAID and order.refunds:
            state, desc = "REFUND", "转入退款"
        data = {"appid": self.appid, "mchid": self.mchid, "out_trade_no": order.out_trade_no,
                "trade_type": order.trade_type, "trade_state": state, "trade_state_desc": desc, "attach": "",
                "amount": {"total": order.amount_fen, "currency": "CNY"}}
        if order.txn_id:
            data.update({"transaction_id": order.txn_id, "bank_type": "OTHERS", "success_time": rfc3339(order.paid_at),
                         "payer": {"openid": order.payer}})
            data["amount"].update({"payer_total": order.amount_fen, "payer_currency": "CNY"})
        return data

    def query(self, req: Request, order: Order) -> Response:
        if req.query.get("mchid") != self.mchid:
            return self.error(req, 400, "PARAM_ERROR", "mchid 不正确")
        return self.reply(req, 200, self.transaction_json(order))

    def close(self, req: Request, out_trade_no: str) -> Response:
        if req.json().get("mchid") != self.mchid:
            return self.error(req, 400, "PARAM_ERROR", "mchid 不正确")
        self.state.close("wechat", out_trade_no)
        return self.reply(req, 204)

    def refund(self, req: Request) -> Response:
        data = req.json()
        amount = data["amount"]
        if data.get("out_trade_no"):
            no = data["out_trade_no"]
        else:
            order = self.state.by_txn("wechat", data.get("transaction_id", ""))
            if order is None:
                raise SandboxError("not_found", "订单不存在")
            no = order.out_trade_no
        if amount.get("currency", "CNY") != "CNY":
            return self.error(req, 400, "PARAM_ERROR", "币种错误")
        order, refund, created = self.state.refund(
            "wechat", no, out_refund_no=data["out_refund_no"], amount_fen=int(amount["refund"]),
            total_fen=int(amount["total"]), reason=data.get("reason", ""), notify_url=data.get("notify_url", ""))
        body = self.refund_json(order, refund)
        if created:
            body["status"] = "PROCESSING"  # as production usually answers; REFUND.SUCCESS follows
            if refund.notify_url:
                self.sb.deliverer.submit([self.refund_message(order, refund)])
        return self.reply(req, 200, body)

    def refund_json(self, order: Order, refund: Refund) -> dict:
        return {"refund_id": refund.refund_id, "out_refund_no": refund.out_refund_no, "transaction_id": order.txn_id,
                "out_trade_no": order.out_trade_no, "channel": "ORIGINAL", "user_received_account": "支付用户零钱",
                "success_time": rfc3339(refund.success_at), "create_time": rfc3339(refund.created_at),
                "status": refund.status, "funds_account": "AVAILABLE",
                "amount": {"total": order.amount_fen, "refund": refund.amount_fen, "payer_total": order.amount_fen,
                           "payer_refund": refund.amount_fen, "settlement_refund": refund.amount_fen,
                           "settlement_total": order.amount_fen, "discount_refund": 0, "currency": "CNY",
                           "refund_fee": 0}}

    def tradebill(self, req: Request) -> Response:
        day = req.query.get("bill_date", "")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) or day > now().strftime("%Y-%m-%d"):
            return self.error(req, 400, "INVALID_REQUEST", "账单日期不正确")
        orders, anomalies = self.state.bill_snapshot("wechat", day)
        rows = bills.bill_rows(orders, anomalies, day)
        if not rows:
            return self.error(req, 400, "NO_STATEMENT_EXIST", "当日无交易账单")
        content = bills.wechat_trade_bill(rows, appid=self.appid, mchid=self.mchid)
        gz = req.query.get("tar_type", "") == "GZIP"
        token = self.state.new_bill_token("wechat", day)
        self.sb.files[token] = (gzip.compress(content) if gz else content, "application/octet-stream")
        return self.reply(req, 200, {"hash_type": "SHA1", "hash_value": hashlib.sha1(content).hexdigest(),
                                     "download_url": f"{req.base_url}/v3/billdownload/file?token={token}"})

    def download(self, req: Request) -> Response:
        found = self.sb.files.get(req.query.get("token", ""))
        if not found:
            return self.error(req, 404, "RESOURCE_NOT_EXISTS", "账单文件不存在或已过期")
        return Response(200, found[0], [("Content-Type", found[1])])

    # notifications -------------------------------------------------------------------------
    def _message(self, order: Order, kind: str, event_type: str, original_type: str, resource: dict, summary: str,
                 created: datetime, url: str, options: dict) -> Message:
        nonce = crypto.nonce(12)
        plaintext = json.dumps(resource, ensure_ascii=False)
        notify_id = str(uuid.uuid4())
        body = json.dumps({
            "id": notify_id, "create_time": rfc3339(created), "resource_type": "encrypt-resource",
            "event_type": event_type, "summary": summary,
            "resource": {"original_type": original_type, "algorithm": "AEAD_AES_256_GCM",
                         "ciphertext": crypto.aes_gcm_encrypt(self.apiv3_key, nonce, plaintext, original_type),
                         "associated_data": original_type, "nonce": nonce}}, ensure_ascii=False)
        mode = order.serial_mode

        def render(opts: dict) -> tuple[dict, bytes]:
            headers = self.signed_headers(body, mode, stale=bool(opts.get("stale_timestamp")),
                                          bad=bool(opts.get("bad_signature")))
            headers["Content-Type"] = "application/json"
            return headers, body.encode("utf-8")

        return Message("wechat", kind, order.out_trade_no, notify_id, url, render,
                       {k: True for k in ("bad_signature", "stale_timestamp") if options.get(k)})

    def payment_messages(self, order: Order, options: dict) -> list[Message]:
        main = self._message(order, "payment", "TRANSACTION.SUCCESS", "transaction",
                             self.transaction_json(order), "支付成功", now(), order.notify_url, options)
        messages = [main] * (1 + int(options.get("duplicate") or 0))
        if options.get("out_of_order"):
            older = self.transaction_json(order, CLOSED)
            older.pop("transaction_id", None)
            messages.append(self._message(order, "out_of_order", "TRANSACTION.CLOSED", "transaction", older,
                                          "订单已关闭", (order.paid_at or now()) - timedelta(minutes=1),
                                          order.notify_url, {}))
        return messages

    def refund_message(self, order: Order, refund: Refund, options: dict | None = None) -> Message:
        resource = {"mchid": self.mchid, "out_trade_no": order.out_trade_no, "transaction_id": order.txn_id,
                    "out_refund_no": refund.out_refund_no, "refund_id": refund.refund_id,
                    "refund_status": refund.status, "success_time": rfc3339(refund.success_at),
                    "user_received_account": "支付用户零钱",
                    "amount": {"total": order.amount_fen, "refund": refund.amount_fen,
                               "payer_total": order.amount_fen, "payer_refund": refund.amount_fen}}
        return self._message(order, "refund", "REFUND.SUCCESS", "refund", resource, "退款成功", now(),
                             refund.notify_url or order.notify_url, options or {})

    # browser cashier ---------------------------------------------------------------------
    def cashier(self, req: Request, out_trade_no: str) -> Response:
        order = self.state.get("wechat", out_trade_no)
        title = "沙箱微信支付"
        if order is None:
            return page(title, "<p>订单不存在</p>", status=404)
        back = req.query.get("redirect_url", "")
        if req.method == "POST":
            back = req.form().get("redirect_url", back)
            try:
                self.sb.pay("wechat", out_trade_no, {})
            except SandboxError as exc:
                return page(title, f"<p>{esc(exc.message)}</p>", status=409)
            if back:
                return redirect(back)
        amount = f"¥{order.amount_fen // 100}.{order.amount_fen % 100:02d}"
        info = f'<p>{esc(order.description)}</p><div class="amt">{amount}</div>' \
               f'<p class="muted">商户订单号 {esc(order.out_trade_no)}</p>'
        if order.status == PAID:
            link = f'<p><a href="{esc(back)}">返回商户</a></p>' if back else ""
            return page(title, info + f'<p id="paid">支付成功</p>{link}')
        if order.status != PENDING or order.expired():
            return page(title, info + "<p>订单已关闭或已过期，无法支付</p>")
        form = f'<form method="post"><input type="hidden" name="redirect_url" value="{esc(back)}">' \
               f'<button type="submit" id="confirm-pay">确认支付</button></form>'
        return page(title, info + form)
