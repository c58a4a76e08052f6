"""Payment gateway fixtures: the in-process sandbox gateway and adapters pointed at it.

- `sandbox` (session): a running sandbox (SandboxHandle: .url, .credentials, .stop()).
- `sandbox_client` (session): SandboxClient for the control API (pay, fail, deliveries, anomalies).
- `gateways` (function): sets settings.PAYMENT_GATEWAYS to the sandbox and returns
  {"wechat": adapter, "alipay": adapter} (get_gateway() returns the same adapters).
- `notify_receiver` (session): a local HTTP endpoint that plays the merchant's callback view:
  verifies with get_gateway(name).verify_callback and answers with callback_ack.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from shared_apps.payments.gateways import get_gateway, sandbox_settings
from shared_apps.payments.gateways.base import GatewayError
from shared_apps.payments.sandbox import start_sandbox
from shared_apps.payments.sandbox.client import SandboxClient


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    handle = start_sandbox(port=0, state_dir=tmp_path_factory.mktemp("payment-sandbox"))
    yield handle
    handle.stop()


@pytest.fixture(scope="session")
def sandbox_client(sandbox):
    return SandboxClient(sandbox.url)


@pytest.fixture
def gateways(sandbox, settings):
    settings.PAYMENT_GATEWAYS = sandbox_settings(sandbox.url, sandbox.credentials["state_dir"])
    return {"wechat": get_gateway("wechat"), "alipay": get_gateway("alipay")}


@dataclass
class Received:
    gateway: str
    tag: str
    headers: dict
    body: bytes
    note: object = None  # Notification when verified
    error: str = ""  # GatewayError code otherwise
    answered: tuple = ()


@dataclass
class NotifyReceiver:
    url: str
    items: list = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)

    def notify_url(self, gateway: str, tag: str) -> str:
        """Callbacks to this URL are verified with get_gateway(gateway) and filed under `tag`."""
        return f"{self.url}/notify/{gateway}/{tag}"

    def wait(self, tag: str, count: int = 1, timeout: float = 5.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                got = [r for r in self.items if r.tag == tag]
                remaining = deadline - time.monotonic()
                if len(got) >= count or remaining <= 0:
                    return got
                self.cond.wait(remaining)


@pytest.fixture(scope="session")
def notify_receiver():
    receiver = NotifyReceiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            _, _, gateway, tag = self.path.rstrip("/").split("/", 3)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            item = Received(gateway=gateway, tag=tag, headers=dict(self.headers.items()), body=body)
            try:
                adapter = get_gateway(gateway)
                try:
                    item.note = adapter.verify_callback(item.headers, body)
                except GatewayError as exc:
                    item.error = exc.code
                item.answered = adapter.callback_ack(item.note is not None)
            except Exception as exc:  # settings already restored after the test: answer 500
                item.error, item.answered = f"receiver: {exc}", (500, "text/plain", "receiver error")
            status, content_type, text = item.answered
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.end_headers()
            self.wfile.write(text.encode())
            with receiver.cond:
                receiver.items.append(item)
                receiver.cond.notify_all()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()
