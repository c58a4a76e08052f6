"""The one interface every payment gateway adapter implements (WeChat Pay v3, Alipay RSA2).

Amounts are integer fen everywhere in this interface; adapters convert at the edge
(WeChat: fen integers, Alipay: yuan strings) with shared_apps.ledger.money.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


class GatewayError(Exception):
    """A gateway call or callback failed. `code` is stable: bad_signature, stale_timestamp,
    decrypt_failed, gateway_unavailable, gateway_rejected, not_found, malformed,
    already_paid (close() of a trade the payer has already paid: query it and record the payment)."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code


@dataclass(frozen=True)
class GatewayOrder:
    out_trade_no: str  # ours, unique per tender, <= 32 chars [A-Za-z0-9_-]
    amount_fen: int
    description: str
    notify_url: str
    expires_at: datetime
    return_url: str = ""  # Alipay page/wap pay: where the browser comes back
    # "pc": WeChat Native (QR code_url) / Alipay page pay; "h5": WeChat H5 / Alipay wap pay (mobile browser)
    channel: str = "pc"
    client_ip: str = ""  # the payer's IP; WeChat H5 requires it (scene_info.payer_client_ip)


@dataclass(frozen=True)
class CreateResult:
    out_trade_no: str
    pay_url: str  # where the payer goes: WeChat code_url/h5_url, Alipay page-pay URL
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class QueryResult:
    out_trade_no: str
    status: str  # pending | succeeded | closed | failed | refunded
    # refunded = paid, then refunded (WeChat REFUND: any refund; Alipay TRADE_CLOSED after payment: fully);
    # treat succeeded and refunded alike when asking "was it paid?"
    gateway_txn_id: str = ""
    amount_fen: int = 0
    paid_at: datetime | None = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Notification:
    """A verified, decoded payment notification."""

    gateway: str  # wechat | alipay
    notify_id: str  # the gateway's id of this notification (dedupe key together with gateway)
    out_trade_no: str
    gateway_txn_id: str
    status: str  # succeeded | closed | failed | pending
    amount_fen: int
    paid_at: datetime | None
    raw: dict = field(default_factory=dict)
    # "payment" (status as above) or "refund" (status: succeeded | failed | processing; WeChat REFUND.*,
    # Alipay trade_status_sync carrying refund_fee/out_biz_no). A refund notice never changes the payment status.
    kind: str = "payment"
    out_refund_no: str = ""
    gateway_refund_id: str = ""
    refund_fen: int = 0  # this refund's amount when the gateway says it (WeChat); 0 when unknown (Alipay)
    refunded_total_fen: int = 0  # cumulative refunded on the trade when the gateway says it (Alipay)
    event_at: datetime | None = None  # when the gateway produced the event (order events by it, not by arrival)


@dataclass(frozen=True)
class RefundResult:
    out_refund_no: str  # ours: the idempotency key of the refund at the gateway
    gateway_refund_id: str
    status: str  # processing | succeeded | failed
    amount_fen: int
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class BillRow:
    kind: str  # payment | refund
    out_trade_no: str
    gateway_txn_id: str
    amount_fen: int  # positive; refunds are positive amounts of kind "refund"
    status: str  # succeeded | refunded | ...
    at: datetime
    out_refund_no: str = ""
    gateway_refund_id: str = ""
    fee_fen: int = 0  # gateway fee: positive on payments, negative (returned) on refunds


class Gateway(Protocol):
    name: str  # "wechat" | "alipay"

    def create(self, order: GatewayOrder) -> CreateResult: ...

    def query(self, out_trade_no: str) -> QueryResult: ...

    def close(self, out_trade_no: str) -> None: ...

    def refund(self, *, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int,
               reason: str = "", notify_url: str = "") -> RefundResult: ...

    def query_refund(self, *, out_trade_no: str, out_refund_no: str) -> RefundResult: ...

    def verify_callback(self, headers: dict, body: bytes) -> Notification: ...

    def callback_ack(self, ok: bool) -> tuple[int, str, str]:
        """(status, content_type, body) the gateway expects as the answer to a callback."""
        ...

    def download_bill(self, day: date) -> list[BillRow]: ...
