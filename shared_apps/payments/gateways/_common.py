"""Small helpers shared by the gateway adapters."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from .base import GatewayError

CST = ZoneInfo("Asia/Shanghai")  # both gateways speak Beijing time


def to_cst(at: datetime) -> datetime:
    return (at.replace(tzinfo=CST) if at.tzinfo is None else at.astimezone(CST)).replace(microsecond=0)


def parse_cst(value: str) -> datetime | None:
    """"2026-01-02 10:11:12" (optionally with .SSS) in Beijing time -> aware datetime."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST)
    except ValueError as exc:
        raise GatewayError("malformed", f"bad time {value!r}") from exc


def parse_rfc3339(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as exc:
        raise GatewayError("malformed", f"bad time {value!r}") from exc


def fee_fen(value: str) -> int:
    """Bill fee columns carry up to 5 decimals of yuan ("0.36000"); round half up to fen."""
    try:
        return int((Decimal(value.strip() or "0") * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation as exc:
        raise GatewayError("malformed", f"bad fee {value!r}") from exc


def read_secret(config: dict, name: str, required: bool = True) -> str:
    """A key given inline (`name`) or as a file (`name_path`)."""
    if config.get(name):
        return config[name]
    path = config.get(f"{name}_path")
    if path:
        return Path(path).read_text()
    if required:
        raise GatewayError("malformed", f"payment gateway setting {name} (or {name}_path) is missing")
    return ""


def header_lookup(headers: dict) -> dict:
    """Case-insensitive view of request headers; accepts Django META names (HTTP_WECHATPAY_NONCE) too."""
    out = {}
    for key, value in (headers or {}).items():
        k = str(key)
        if k.startswith("HTTP_"):
            k = k[5:].replace("_", "-")
        out[k.lower()] = value
    return out
