"""Asynchronous notification delivery: HTTP POSTs from background threads, results recorded."""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from .state import SandboxState, now

log = logging.getLogger("payments.sandbox")

# render(options) -> (headers, body): called at send time so timestamps and signatures are fresh
Renderer = Callable[[dict], tuple[dict, bytes]]


@dataclass
class Message:
    gateway: str
    kind: str  # payment | refund | out_of_order
    out_trade_no: str
    notify_id: str
    url: str
    render: Renderer
    options: dict  # per-message render options (bad_signature, stale_timestamp)


class Deliverer:
    def __init__(self, state: SandboxState, timeout: float = 10.0):
        self.state = state
        self.timeout = timeout
        self._messages: dict[int, Message] = {}
        self._threads: list[threading.Thread] = []
        self._stopped = threading.Event()

    def submit(self, messages: list[Message], *, delay_ms: int = 0) -> None:
        """Deliver `messages` in order, on one background thread, after `delay_ms`."""
        messages = [m for m in messages if m.url]
        if not messages:
            return
        thread = threading.Thread(target=self._run, args=(messages, delay_ms), daemon=True,
                                  name=f"sandbox-notify-{messages[0].out_trade_no}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def redeliver(self, delivery_id: int) -> bool:
        message = self._messages.get(delivery_id)
        if message is None:
            return False
        retry = Message(**{**message.__dict__, "options": {}})  # a retry is a clean, freshly signed send
        self.submit([retry])
        return True

    def _run(self, messages: list[Message], delay_ms: int) -> None:
        if delay_ms and self._stopped.wait(delay_ms / 1000):
            return
        for message in messages:
            if self._stopped.is_set():
                return
            self.send(message)

    def send(self, message: Message) -> dict:
        headers, body = message.render(message.options)
        entry = {"gateway": message.gateway, "kind": message.kind, "out_trade_no": message.out_trade_no,
                 "notify_id": message.notify_id, "url": message.url, "options": message.options,
                 "sent_at": now().isoformat(), "status": 0, "body": "", "error": ""}
        started = time.monotonic()
        try:
            request = urllib.request.Request(message.url, data=body, headers=headers, method="POST")
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                entry["status"], entry["body"] = resp.status, resp.read().decode("utf-8", "replace")[:2000]
        except urllib.error.HTTPError as exc:
            entry["status"], entry["body"] = exc.code, exc.read().decode("utf-8", "replace")[:2000]
        except Exception as exc:  # connection refused, timeout: recorded like a gateway would
            entry["error"] = f"{type(exc).__name__}: {exc}"
        entry["elapsed_ms"] = int((time.monotonic() - started) * 1000)
        entry["acknowledged"] = _acknowledged(message.gateway, entry)
        recorded = self.state.record_delivery(entry)
        self._messages[recorded["id"]] = message
        log.info("sandbox notify %s %s -> %s", message.gateway, message.out_trade_no, entry["status"] or entry["error"])
        return recorded

    def stop(self, timeout: float = 2.0) -> None:
        self._stopped.set()
        for thread in self._threads:
            thread.join(timeout)


def _acknowledged(gateway: str, entry: dict) -> bool:
    """Did the merchant answer the way the gateway requires?"""
    if gateway == "alipay":
        return entry["status"] == 200 and entry["body"].strip() == "success"
    return entry["status"] in (200, 204)
