"""A small client of the sandbox's control API, for tests, the demo and scripts.

    sb = SandboxClient("http://127.0.0.1:8555")
    sb.open(created.pay_url)            # Alipay: the payer opens the cashier (creates the trade)
    sb.pay("alipay", out_trade_no, duplicate=2)
    sb.wait_for_deliveries(3, out_trade_no=out_trade_no)
"""

from __future__ import annotations

import time

import requests


class SandboxClientError(Exception):
    def __init__(self, status: int, body: dict):
        super().__init__(f"sandbox answered {status}: {body}")
        self.status, self.body = status, body
        self.code = body.get("error", "") if isinstance(body, dict) else ""


class SandboxClient:
    def __init__(self, url: str, timeout: float = 10):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _json(self, resp: requests.Response) -> dict:
        try:
            body = resp.json()
        except ValueError:
            body = {"text": resp.text}
        if resp.status_code >= 400:
            raise SandboxClientError(resp.status_code, body)
        return body

    def _post(self, path: str, payload: dict) -> dict:
        return self._json(requests.post(self.url + path, json=payload, timeout=self.timeout))

    def _get(self, path: str, **params) -> dict:
        return self._json(requests.get(self.url + path, params={k: v for k, v in params.items() if v},
                                       timeout=self.timeout))

    def open(self, pay_url: str) -> str:
        """GET a pay_url like the payer's browser (Alipay creates the trade at this point)."""
        resp = requests.get(pay_url, timeout=self.timeout)
        resp.raise_for_status()
        return resp.text

    def pay(self, gateway: str, out_trade_no: str, **options) -> dict:
        """options: duplicate=n, delay_ms=n, stale_timestamp, bad_signature, out_of_order,
        notify=False (pay silently), ignore_expiry."""
        return self._post("/sandbox/pay", {"gateway": gateway, "out_trade_no": out_trade_no, **options})

    def fail(self, gateway: str, out_trade_no: str) -> dict:
        return self._post("/sandbox/fail", {"gateway": gateway, "out_trade_no": out_trade_no})

    def orders(self, gateway: str | None = None) -> list[dict]:
        return self._get("/sandbox/orders", gateway=gateway)["orders"]

    def order(self, gateway: str, out_trade_no: str) -> dict | None:
        return next((o for o in self.orders(gateway) if o["out_trade_no"] == out_trade_no), None)

    def deliveries(self, gateway: str | None = None, out_trade_no: str | None = None) -> list[dict]:
        return self._get("/sandbox/deliveries", gateway=gateway, out_trade_no=out_trade_no)["deliveries"]

    def wait_for_deliveries(self, count: int, *, gateway: str | None = None, out_trade_no: str | None = None,
                            timeout: float = 5.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            found = self.deliveries(gateway, out_trade_no)
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def bill_anomaly(self, gateway: str, day: str, kind: str, **fields) -> list[dict]:
        """kind: long | short | amount | status; fields: out_trade_no, amount_fen."""
        payload = {"gateway": gateway, "day": day, "kind": kind, **fields}
        return self._post("/sandbox/bill-anomaly", payload)["anomalies"]

    def clear_anomalies(self, gateway: str, day: str) -> None:
        self._post("/sandbox/bill-anomaly", {"gateway": gateway, "day": day, "clear": True})

    def redeliver(self, delivery_id: int) -> None:
        self._post("/sandbox/redeliver", {"delivery_id": delivery_id})

    def reset(self) -> None:
        self._post("/sandbox/reset", {})
