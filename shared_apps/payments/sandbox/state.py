"""The sandbox's in-memory world: orders, refunds, bill anomalies, notification deliveries.

Gateway-neutral; the protocol modules render it in each gateway's vocabulary. One lock
guards everything (the sandbox is small and this keeps every transition atomic).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

CST = ZoneInfo("Asia/Shanghai")

PENDING, PAID, CLOSED, FAILED = "pending", "paid", "closed", "failed"


def now() -> datetime:
    return datetime.now(CST).replace(microsecond=0)


class SandboxError(Exception):
    """A business refusal; `code` is rendered per gateway."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code
        self.message = message or code


@dataclass
class Refund:
    out_refund_no: str
    refund_id: str
    amount_fen: int
    reason: str
    created_at: datetime
    success_at: datetime
    status: str = "SUCCESS"
    notify_url: str = ""


@dataclass
class Order:
    gateway: str
    out_trade_no: str
    amount_fen: int
    description: str
    notify_url: str
    trade_type: str  # WeChat NATIVE/H5, Alipay FAST_INSTANT_TRADE_PAY/QUICK_WAP_PAY
    return_url: str = ""
    expires_at: datetime | None = None
    status: str = PENDING
    txn_id: str = ""
    created_at: datetime = field(default_factory=now)
    paid_at: datetime | None = None
    closed_at: datetime | None = None
    payer: str = ""
    serial_mode: str = "public_key"  # WeChat: how the merchant verifies (public_key | certificate)
    refunds: list[Refund] = field(default_factory=list)
    fingerprint: str = ""  # the create parameters, to spot a reused out_trade_no

    @property
    def refunded_fen(self) -> int:
        return sum(r.amount_fen for r in self.refunds if r.status == "SUCCESS")

    def expired(self, at: datetime | None = None) -> bool:
        return bool(self.expires_at and (at or now()) > self.expires_at)

    def as_json(self) -> dict:
        d = asdict(self)
        for k, v in list(d.items()):
            if isinstance(v, datetime):
                d[k] = v.isoformat()
        for r in d["refunds"]:
            for k, v in list(r.items()):
                if isinstance(v, datetime):
                    r[k] = v.isoformat()
        d["refunded_fen"] = self.refunded_fen
        d.pop("fingerprint")
        return d


ANOMALY_KINDS = ("long", "short", "amount", "status")


class SandboxState:
    def __init__(self):
        self.lock = threading.RLock()
        self.orders: dict[tuple[str, str], Order] = {}
        self.anomalies: dict[tuple[str, str], list[dict]] = {}
        self.deliveries: list[dict] = []
        self.bill_tokens: dict[str, tuple[str, str]] = {}  # token -> (gateway, day)
        self._seq = 0

    # ids -------------------------------------------------------------------------------
    def next_seq(self) -> int:
        with self.lock:
            self._seq += 1
            return self._seq

    def new_txn_id(self, gateway: str, at: datetime) -> str:
        seq = self.next_seq()
        if gateway == "wechat":
            return f"4200{at:%Y%m%d}{seq:08d}{secrets.randbelow(10**8):08d}"
        return f"{at:%Y%m%d}22001{seq:06d}{secrets.randbelow(10**8):08d}"

    def new_refund_id(self, gateway: str, at: datetime) -> str:
        seq = self.next_seq()
        if gateway == "wechat":
            return f"5030{at:%Y%m%d}{seq:08d}{secrets.randbelow(10**8):08d}"
        return ""  # Alipay has no refund id: (trade_no, out_request_no) identifies a refund

    # orders ----------------------------------------------------------------------------
    def get(self, gateway: str, out_trade_no: str) -> Order | None:
        with self.lock:
            return self.orders.get((gateway, out_trade_no))

    def require(self, gateway: str, out_trade_no: str) -> Order:
        order = self.get(gateway, out_trade_no)
        if order is None:
            raise SandboxError("not_found", "订单不存在")
        return order

    def by_txn(self, gateway: str, txn_id: str) -> Order | None:
        with self.lock:
            return next((o for o in self.orders.values() if o.gateway == gateway and o.txn_id == txn_id), None)

    def create(self, order: Order) -> Order:
        """Create, or return the existing order when the same parameters come again."""
        with self.lock:
            key = (order.gateway, order.out_trade_no)
            existing = self.orders.get(key)
            if existing is None:
                self.orders[key] = order
                return order
            if existing.status == PAID:
                raise SandboxError("already_paid", "该订单已支付")
            if existing.status == CLOSED:
                raise SandboxError("closed", "该订单已关闭")
            if existing.fingerprint != order.fingerprint:
                raise SandboxError("out_trade_no_used", "商户订单号重复")
            return existing

    def pay(self, gateway: str, out_trade_no: str, *, ignore_expiry: bool = False) -> tuple[Order, bool]:
        """Mark paid. Returns (order, changed); paying a paid order again changes nothing."""
        with self.lock:
            order = self.require(gateway, out_trade_no)
            if order.status == PAID:
                return order, False
            if order.status != PENDING:
                raise SandboxError("not_payable", f"订单状态为 {order.status}，不能支付")
            if order.expired() and not ignore_expiry:
                raise SandboxError("expired", "订单已过期")
            at = now()
            order.status, order.paid_at = PAID, at
            order.txn_id = order.txn_id or self.new_txn_id(gateway, at)
            order.payer = ("o" + secrets.token_urlsafe(20)[:27]) if gateway == "wechat" else "2088" + str(
                secrets.randbelow(10**12)).zfill(12)
            return order, True

    def fail(self, gateway: str, out_trade_no: str) -> Order:
        with self.lock:
            order = self.require(gateway, out_trade_no)
            if order.status != PENDING:
                raise SandboxError("not_payable", f"订单状态为 {order.status}")
            order.status = FAILED
            order.closed_at = now()
            return order

    def close(self, gateway: str, out_trade_no: str) -> Order:
        with self.lock:
            order = self.require(gateway, out_trade_no)
            if order.status == PAID:
                raise SandboxError("already_paid", "订单已支付，不能关闭")
            if order.status == PENDING:
                order.status, order.closed_at = CLOSED, now()
            return order

    def refund(self, gateway: str, out_trade_no: str, *, out_refund_no: str, amount_fen: int, reason: str = "",
               total_fen: int | None = None, notify_url: str = "") -> tuple[Order, Refund, bool]:
        """Refund (idempotent by out_refund_no). Returns (order, refund, created)."""
        with self.lock:
            order = self.require(gateway, out_trade_no)
            existing = next((r for r in order.refunds if r.out_refund_no == out_refund_no), None)
            if existing is not None:
                if existing.amount_fen != amount_fen:
                    raise SandboxError("discordant_repeat", "退款单号重复但金额不一致")
                return order, existing, False
            if order.status != PAID:
                raise SandboxError("trade_status_error", "交易状态不允许退款")
            if total_fen is not None and total_fen != order.amount_fen:
                raise SandboxError("total_mismatch", "订单金额与原订单不一致")
            if amount_fen <= 0 or order.refunded_fen + amount_fen > order.amount_fen:
                raise SandboxError("not_enough", "退款金额超过可退金额")
            at = now()
            refund = Refund(out_refund_no=out_refund_no, refund_id=self.new_refund_id(gateway, at),
                            amount_fen=amount_fen, reason=reason, created_at=at, success_at=at,
                            notify_url=notify_url)
            order.refunds.append(refund)
            return order, refund, True

    def find_refund(self, gateway: str, out_refund_no: str, out_trade_no: str = "") -> tuple[Order, Refund] | None:
        with self.lock:
            for order in self.orders.values():
                if order.gateway != gateway or (out_trade_no and order.out_trade_no != out_trade_no):
                    continue
                for r in order.refunds:
                    if r.out_refund_no == out_refund_no:
                        return order, r
            return None

    # bills -----------------------------------------------------------------------------
    def add_anomaly(self, gateway: str, day: str, anomaly: dict) -> None:
        if anomaly.get("kind") not in ANOMALY_KINDS:
            raise SandboxError("bad_anomaly", f"kind must be one of {ANOMALY_KINDS}")
        with self.lock:
            self.anomalies.setdefault((gateway, day), []).append(anomaly)

    def clear_anomalies(self, gateway: str, day: str) -> None:
        with self.lock:
            self.anomalies.pop((gateway, day), None)

    def bill_snapshot(self, gateway: str, day: str) -> tuple[list[Order], list[dict]]:
        with self.lock:
            orders = [o for o in self.orders.values() if o.gateway == gateway]
            return [_copy(o) for o in orders], list(self.anomalies.get((gateway, day), []))

    def new_bill_token(self, gateway: str, day: str) -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.bill_tokens[token] = (gateway, day)
        return token

    # deliveries --------------------------------------------------------------------------
    def record_delivery(self, entry: dict) -> dict:
        with self.lock:
            entry["id"] = len(self.deliveries) + 1
            self.deliveries.append(entry)
            return entry

    def reset(self) -> None:
        with self.lock:
            self.orders.clear()
            self.anomalies.clear()
            self.deliveries.clear()
            self.bill_tokens.clear()


def _copy(order: Order) -> Order:
    from copy import deepcopy

    return deepcopy(order)


def day_bounds(day: str) -> tuple[datetime, datetime]:
    start = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=CST)
    return start, start + timedelta(days=1)
