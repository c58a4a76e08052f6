"""Alipay openapi gateway (RSA2), sandbox side: verifies the app's request signature, signs
every synchronous response and every asynchronous notification with the "Alipay" key."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlencode

from shared_apps.ledger.money import fen_from_yuan, yuan

from . import bills, crypto
from .notify import Message
from .state import CLOSED, CST, FAILED, PAID, PENDING, Order, Refund, SandboxError, now
from .web import Request, Response, esc, page, redirect, text_response

PAGE_METHODS = {"alipay.trade.page.pay": "FAST_INSTANT_TRADE_PAY", "alipay.trade.wap.pay": "QUICK_WAP_PAY"}
ERRORS = {  # SandboxError.code -> (sub_code, sub_msg)
    "not_found": ("ACQ.TRADE_NOT_EXIST", "交易不存在"), "already_paid": ("ACQ.TRADE_HAS_SUCCESS", "交易已被支付"),
    "closed": ("ACQ.TRADE_HAS_CLOSE", "交易已经关闭"),
    "out_trade_no_used": ("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改"),
    "trade_status_error": ("ACQ.TRADE_STATUS_ERROR", "交易状态不合法"),
    "not_enough": ("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"),
    "discordant_repeat": ("ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致"),
    "expired": ("ACQ.TRADE_HAS_CLOSE", "交易已经关闭"), "not_payable": ("ACQ.TRADE_STATUS_ERROR", "交易状态不合法"),
}


def ts(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S") if at else ""


def trade_status(order: Order) -> str:
    if order.status == PAID:
        return "TRADE_CLOSED" if order.refunded_fen >= order.amount_fen else "TRADE_SUCCESS"
    return {PENDING: "WAIT_BUYER_PAY", CLOSED: "TRADE_CLOSED", FAILED: "TRADE_CLOSED"}[order.status]


class AlipaySandbox:
    def __init__(self, sandbox, creds: dict):
        self.sb = sandbox
        self.state = sandbox.state
        self.app_id, self.seller_id = creds["app_id"], creds["seller_id"]
        self.app_key = crypto.public_key(creds["app_public_key"])
        self.alipay_key = crypto.private_key(creds["alipay_private_key"])

    def sign_params(self, params: dict, *, bad: bool = False) -> dict:
        """Notification / return signature: sorted k=v of everything except sign and sign_type."""
        content = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in ("sign", "sign_type") and v != "")
        params["sign"] = crypto.sign(self.alipay_key, content + ("x" if bad else ""))
        return params

    def respond(self, method: str, body: dict, signed: bool = True) -> Response:
        key = method.replace(".", "_") + "_response"
        inner = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        if signed:
            raw = f'{{"{key}":{inner},"sign":"{crypto.sign(self.alipay_key, inner)}"}}'
        else:
            raw = f'{{"{key}":{inner}}}'
        return text_response(200, raw, "text/html;charset=utf-8")

    def fail(self, method: str, sub_code: str, sub_msg: str, code: str = "40004", **extra) -> Response:
        msg = "Business Failed" if code == "40004" else "Invalid Arguments"
        return self.respond(method, {"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg, **extra},
                            signed=code == "40004")

    def ok(self, method: str, **fields) -> Response:
        return self.respond(method, {"code": "10000", "msg": "Success", **fields})

    # routing -------------------------------------------------------------------------------
    def handle(self, req: Request) -> Response | None:
        if req.path == "/alipay/gateway.do" and req.method in ("GET", "POST"):
            return self.gateway(req)
        if req.path.startswith("/alipay/cashier/") and req.method == "POST":
            return self.confirm(req, req.path[len("/alipay/cashier/"):])
        if req.path == "/alipay/bill/download" and req.method == "GET":
            found = self.sb.files.get(req.query.get("token", ""))
            if not found:
                return text_response(404, "bill file not found or expired")
            return Response(200, found[0], [("Content-Type", found[1])])
        return None

    def gateway(self, req: Request) -> Response:
        params = req.params()
        method = params.get("method", "")
        is_page = method in PAGE_METHODS
        sign = params.get("sign", "")
        content = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "sign")
        if params.get("app_id") != self.app_id:
            return page("沙箱收银台", "<p>无效的 AppID</p>", "#1677ff", 400) if is_page else \
                self.fail(method, "isv.invalid-app-id", "无效的AppID参数", code="40002")
        if params.get("sign_type") != "RSA2" or not crypto.verify(self.app_key, content, sign):
            return page("沙箱收银台", "<p>验签出错</p>", "#1677ff", 400) if is_page else \
                self.fail(method, "isv.invalid-signature", "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配",
                          code="40002")
        try:
            biz = json.loads(params.get("biz_content") or "{}")
            if is_page:
                return self.open_cashier(req, params, biz)
            handler = {"alipay.trade.query": self.query, "alipay.trade.close": self.close,
                       "alipay.trade.refund": self.refund, "alipay.trade.fastpay.refund.query": self.refund_query,
                       "alipay.data.dataservice.bill.downloadurl.query": self.bill_url}.get(method)
            if handler is None:
                return self.fail(method or "error", "isv.invalid-method", "不存在的方法名", code="40002")
            return handler(req, method, biz)
        except SandboxError as exc:
            sub_code, sub_msg = ERRORS.get(exc.code, ("ACQ.SYSTEM_ERROR", exc.message))
            return self.fail(method, sub_code, sub_msg)
        except (ValueError, KeyError, TypeError) as exc:
            return self.fail(method, "isv.missing-or-invalid-parameter", f"参数错误: {exc}", code="40002")

    def _order(self, biz: dict) -> Order:
        order = None
        if biz.get("out_trade_no"):
            order = self.state.get("alipay", biz["out_trade_no"])
        elif biz.get("trade_no"):
            order = self.state.by_txn("alipay", biz["trade_no"])
        if order is None:
            raise SandboxError("not_found")
        with self.state.lock:  # Alipay closes unpaid trades itself once time_expire passes
            if order.status == PENDING and order.expired():
                order.status, order.closed_at = CLOSED, order.expires_at
        return order

    # API -----------------------------------------------------------------------------------
    def query(self, req: Request, method: str, biz: dict) -> Response:
        o = self._order(biz)
        fields = {"trade_no": o.txn_id, "out_trade_no": o.out_trade_no, "trade_status": trade_status(o),
                  "total_amount": yuan(o.amount_fen)}
        if o.paid_at:
            fields.update({"buyer_logon_id": "158****1234", "buyer_user_id": o.payer, "send_pay_date": ts(o.paid_at),
                           "buyer_pay_amount": yuan(o.amount_fen), "receipt_amount": yuan(o.amount_fen),
                           "invoice_amount": yuan(o.amount_fen), "point_amount": "0.00"})
        return self.ok(method, **fields)

    def close(self, req: Request, method: str, biz: dict) -> Response:
        o = self._order(biz)
        if o.status == PAID:
            raise SandboxError("trade_status_error")
        self.state.close("alipay", o.out_trade_no)
        return self.ok(method, trade_no=o.txn_id, out_trade_no=o.out_trade_no)

    def refund(self, req: Request, method: str, biz: dict) -> Response:
        o = self._order(biz)
        amount = fen_from_yuan(biz["refund_amount"])
        out_request_no = biz.get("out_request_no") or o.txn_id
        order, refund, created = self.state.refund("alipay", o.out_trade_no, out_refund_no=out_request_no,
                                                   amount_fen=amount, reason=biz.get("refund_reason", ""))
        if created and order.notify_url:
            self.sb.deliverer.submit([self.refund_message(order, refund)])
        return self.ok(method, trade_no=order.txn_id, out_trade_no=order.out_trade_no, buyer_logon_id="158****1234",
                       fund_change="Y" if created else "N", refund_fee=yuan(order.refunded_fen),
                       gmt_refund_pay=ts(refund.success_at), buyer_user_id=order.payer,
                       send_back_fee=yuan(refund.amount_fen))

    def refund_query(self, req: Request, method: str, biz: dict) -> Response:
        o = self._order(biz)
        found = self.state.find_refund("alipay", biz["out_request_no"], o.out_trade_no)
        if not found:  # Alipay answers success with no refund fields when the refund does not exist
            return self.ok(method, out_trade_no=o.out_trade_no, trade_no=o.txn_id)
        order, r = found
        return self.ok(method, trade_no=order.txn_id, out_trade_no=order.out_trade_no, out_request_no=r.out_refund_no,
                       total_amount=yuan(order.amount_fen), refund_amount=yuan(r.amount_fen),
                       refund_status="REFUND_SUCCESS", gmt_refund_pay=ts(r.success_at), refund_reason=r.reason)

    def bill_url(self, req: Request, method: str, biz: dict) -> Response:
        day = biz.get("bill_date", "")
        try:
            datetime.strptime(day, "%Y-%m-%d")
        except ValueError:
            return self.fail(method, "isv.invalid-parameter", "账单日期格式错误", code="40002")
        if day > now().strftime("%Y-%m-%d"):
            return self.fail(method, "isp.bill_not_exist", "账单不存在")
        orders, anomalies = self.state.bill_snapshot("alipay", day)
        content, name = bills.alipay_bill_zip(bills.bill_rows(orders, anomalies, day), seller_id=self.seller_id,
                                              day=day)
        token = self.state.new_bill_token("alipay", day)
        self.sb.files[token] = (content, "application/zip")
        return self.ok(method, bill_download_url=f"{req.base_url}/alipay/bill/download?token={token}"
                                                 f"&downloadFileName={name}")

    # browser cashier -------------------------------------------------------------------------
    def open_cashier(self, req: Request, params: dict, biz: dict) -> Response:
        title = "沙箱收银台"
        amount = fen_from_yuan(biz["total_amount"])
        expires = datetime.strptime(biz["time_expire"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST) \
            if biz.get("time_expire") else None
        draft = Order(gateway="alipay", out_trade_no=biz["out_trade_no"], amount_fen=amount,
                      description=biz.get("subject", ""), notify_url=params.get("notify_url", ""),
                      return_url=params.get("return_url", ""), trade_type=PAGE_METHODS[params["method"]],
                      expires_at=expires, fingerprint=json.dumps([amount, biz.get("subject", "")]))
        draft.txn_id = self.state.new_txn_id("alipay", now())
        try:
            order = self.state.create(draft)
        except SandboxError as exc:
            return page(title, f"<p>{esc(ERRORS.get(exc.code, ('', exc.message))[1])}</p>", "#1677ff", 409)
        if order is not draft:  # the same trade opened again: the latest return/notify URLs win
            order.return_url = draft.return_url or order.return_url
            order.notify_url = draft.notify_url or order.notify_url
        return self.cashier_page(order)

    def cashier_page(self, order: Order, note: str = "") -> Response:
        info = f'<p>{esc(order.description)}</p><div class="amt">¥{yuan(order.amount_fen)}</div>' \
               f'<p class="muted">商户订单号 {esc(order.out_trade_no)}</p>{note}'
        if order.status == PAID:
            return page("沙箱收银台", info + '<p id="paid">订单已支付</p>', "#1677ff")
        if order.status != PENDING or order.expired():
            return page("沙箱收银台", info + "<p>交易已关闭或已过期</p>", "#1677ff")
        form = f'<form method="post" action="/alipay/cashier/{esc(order.out_trade_no)}">' \
               '<button type="submit" id="confirm-pay">确认支付</button></form>'
        return page("沙箱收银台", info + form, "#1677ff")

    def confirm(self, req: Request, out_trade_no: str) -> Response:
        order = self.state.get("alipay", out_trade_no)
        if order is None:
            return page("沙箱收银台", "<p>交易不存在</p>", "#1677ff", 404)
        try:
            self.sb.pay("alipay", out_trade_no, {})
        except SandboxError as exc:
            return self.cashier_page(order, f"<p>{esc(exc.message)}</p>")
        if not order.return_url:
            return self.cashier_page(order)
        params = self.sign_params({
            "charset": "utf-8", "out_trade_no": order.out_trade_no, "method": "alipay.trade.page.pay.return",
            "total_amount": yuan(order.amount_fen), "trade_no": order.txn_id, "auth_app_id": self.app_id,
            "version": "1.0", "app_id": self.app_id, "sign_type": "RSA2", "seller_id": self.seller_id,
            "timestamp": ts(now())})
        sep = "&" if "?" in order.return_url else "?"
        return redirect(order.return_url + sep + urlencode(params))

    # notifications ---------------------------------------------------------------------------
    def _message(self, order: Order, kind: str, params: dict, options: dict) -> Message:
        params = {k: v for k, v in params.items() if v != ""}

        def render(opts: dict) -> tuple[dict, bytes]:
            signed = self.sign_params(dict(params), bad=bool(opts.get("bad_signature")))
            return {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, urlencode(signed).encode()

        return Message("alipay", kind, order.out_trade_no, params["notify_id"], order.notify_url, render,
                       {k: True for k in ("bad_signature", "stale_timestamp") if options.get(k)})

    def _trade_params(self, order: Order, status: str, at: datetime) -> dict:
        return {"notify_time": ts(at), "notify_type": "trade_status_sync", "notify_id": uuid.uuid4().hex,
                "charset": "utf-8", "version": "1.0", "sign_type": "RSA2", "app_id": self.app_id,
                "auth_app_id": self.app_id, "trade_no": order.txn_id, "out_trade_no": order.out_trade_no,
                "buyer_id": order.payer, "buyer_logon_id": "158****1234", "seller_id": self.seller_id,
                "trade_status": status, "total_amount": yuan(order.amount_fen), "subject": order.description,
                "gmt_create": ts(order.created_at), "gmt_payment": ts(order.paid_at)}

    def payment_messages(self, order: Order, options: dict) -> list[Message]:
        at = now() - timedelta(minutes=10 if options.get("stale_timestamp") else 0)
        params = self._trade_params(order, "TRADE_SUCCESS", at)
        amount = yuan(order.amount_fen)
        params.update({"receipt_amount": amount, "invoice_amount": amount, "buyer_pay_amount": amount,
                       "point_amount": "0.00",
                       "fund_bill_list": json.dumps([{"amount": amount, "fundChannel": "ALIPAYACCOUNT"}],
                                                    separators=(",", ":"))})
        main = self._message(order, "payment", params, options)
        messages = [main] * (1 + int(options.get("duplicate") or 0))
        if options.get("out_of_order"):
            older = self._trade_params(order, "TRADE_CLOSED", (order.paid_at or now()) - timedelta(minutes=1))
            older.update({"trade_no": order.txn_id, "gmt_payment": "", "gmt_close": older["notify_time"]})
            messages.append(self._message(order, "out_of_order", older, {}))
        return messages

    def refund_message(self, order: Order, refund: Refund, options: dict | None = None) -> Message:
        params = self._trade_params(order, trade_status(order), now())
        params.update({"out_biz_no": refund.out_refund_no, "refund_fee": yuan(order.refunded_fen),
                       "gmt_refund": refund.success_at.strftime("%Y-%m-%d %H:%M:%S.000")})
        if params["trade_status"] == "TRADE_CLOSED":
            params["gmt_close"] = ts(refund.success_at)
        return self._message(order, "refund", params, options or {})
