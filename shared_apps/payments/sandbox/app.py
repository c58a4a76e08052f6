"""The sandbox gateway: routing, the control API and the in-process server handle."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from .alipay import AlipaySandbox
from .keys import sandbox_credentials
from .notify import Deliverer
from .state import SandboxError, SandboxState
from .web import Request, Response, json_response, make_server, page, wsgi
from .wechat import WeChatSandbox

PAY_OPTIONS = ("duplicate", "delay_ms", "stale_timestamp", "bad_signature", "out_of_order", "notify", "ignore_expiry")


class Sandbox:
    def __init__(self, state_dir: str | Path, public_url: str = ""):
        self.public_url = public_url.rstrip("/")  # for pay pages/bill URLs when the sandbox sits behind a proxy
        self.credentials = sandbox_credentials(state_dir)
        self.state = SandboxState()
        self.deliverer = Deliverer(self.state)
        self.files: dict[str, tuple[bytes, str]] = {}  # bill download token -> (content, content type)
        self.gateways = {"wechat": WeChatSandbox(self, self.credentials["wechat"]),
                         "alipay": AlipaySandbox(self, self.credentials["alipay"])}

    # shared by the cashier pages and the control API ------------------------------------------
    def pay(self, gateway: str, out_trade_no: str, options: dict):
        order, changed = self.state.pay(gateway, out_trade_no, ignore_expiry=bool(options.get("ignore_expiry")))
        notify = options.get("notify", True) is not False
        if changed and notify:
            messages = self.gateways[gateway].payment_messages(order, options)
            self.deliverer.submit(messages, delay_ms=int(options.get("delay_ms") or 0))
        return order, changed and notify

    # routing ---------------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        if self.public_url:
            req.base_url = self.public_url
        if req.path.startswith("/sandbox/"):
            return self.control(req)
        if req.path in ("/", "/sandbox"):
            return page("支付沙箱", '<p>WeChat Pay v3 + Alipay sandbox.</p><p><a href="/sandbox/orders">orders</a> · '
                                    '<a href="/sandbox/deliveries">deliveries</a></p>')
        for gateway in self.gateways.values():
            response = gateway.handle(req)
            if response is not None:
                return response
        return json_response(404, {"code": "NOT_FOUND", "message": f"no sandbox route {req.method} {req.path}"})

    def control(self, req: Request) -> Response:
        route = (req.method, req.path.rstrip("/"))
        try:
            data = req.json() if req.method == "POST" else {}
        except ValueError:
            return json_response(400, {"error": "malformed", "message": "JSON object expected"})
        try:
            if route == ("GET", "/sandbox/health"):
                return json_response(200, {"ok": True})
            if route == ("GET", "/sandbox/orders"):
                gateway = req.query.get("gateway")
                with self.state.lock:
                    orders = [o.as_json() for o in self.state.orders.values() if not gateway or o.gateway == gateway]
                return json_response(200, {"orders": orders})
            if route == ("GET", "/sandbox/deliveries"):
                with self.state.lock:
                    items = [d for d in self.state.deliveries
                             if all(d.get(k) == req.query[k] for k in ("gateway", "out_trade_no") if k in req.query)]
                return json_response(200, {"deliveries": items})
            if route == ("POST", "/sandbox/pay"):
                gateway, no = self._target(data)
                order, notified = self.pay(gateway, no, {k: data[k] for k in PAY_OPTIONS if k in data})
                return json_response(200, {"order": order.as_json(), "notified": notified})
            if route == ("POST", "/sandbox/fail"):
                gateway, no = self._target(data)
                return json_response(200, {"order": self.state.fail(gateway, no).as_json()})
            if route == ("POST", "/sandbox/bill-anomaly"):
                gateway = self._gateway(data)
                if data.get("clear"):
                    self.state.clear_anomalies(gateway, data["day"])
                else:
                    self.state.add_anomaly(gateway, data["day"], {k: v for k, v in data.items() if k != "gateway"})
                return json_response(200, {"anomalies": self.state.anomalies.get((gateway, data["day"]), [])})
            if route == ("POST", "/sandbox/redeliver"):
                ok = self.deliverer.redeliver(int(data["delivery_id"]))
                return json_response(200 if ok else 404, {"redelivered": ok})
            if route == ("POST", "/sandbox/reset"):
                self.state.reset()
                self.files.clear()
                return json_response(200, {"reset": True})
        except SandboxError as exc:
            status = 404 if exc.code == "not_found" else 409
            return json_response(status, {"error": exc.code, "message": exc.message})
        except (KeyError, ValueError, TypeError) as exc:
            return json_response(400, {"error": "bad_request", "message": f"{type(exc).__name__}: {exc}"})
        return json_response(404, {"error": "not_found", "message": f"no control route {req.method} {req.path}"})

    def _gateway(self, data: dict) -> str:
        gateway = data.get("gateway")
        if gateway not in self.gateways:
            raise ValueError("gateway must be 'wechat' or 'alipay'")
        return gateway

    def _target(self, data: dict) -> tuple[str, str]:
        return self._gateway(data), str(data["out_trade_no"])

    def wsgi_app(self):
        return wsgi(self.handle)


@dataclass
class SandboxHandle:
    url: str
    sandbox: Sandbox
    _server: object
    _thread: threading.Thread

    @property
    def credentials(self) -> dict:
        return self.sandbox.credentials

    def stop(self) -> None:
        self.sandbox.deliverer.stop()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def start_sandbox(port: int = 0, state_dir: str | Path = ".var/sandbox", host: str = "127.0.0.1") -> SandboxHandle:
    """Start the sandbox in this process on a background thread (port 0: any free port)."""
    sandbox = Sandbox(state_dir)
    server = make_server(host, port, sandbox.wsgi_app())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True,
                              name="payment-sandbox")
    thread.start()
    return SandboxHandle(url=f"http://{host}:{server.server_port}", sandbox=sandbox, _server=server, _thread=thread)


def dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
