"""Offline scan-to-pay QR payloads (EC-HTL-10 hotel folios, EC-FNB-08 restaurant bills).

The merchant shows a QR code for an amount; the tourist scans it with the platform app and
pays through the platform. The payload names the merchant schema, the subject (`folio` or
`bill`), its id and the amount, with an expiry, and is signed with an HMAC key derived from
settings.QR_SIGNING_KEY (its own key, not SECRET_KEY: config/keys.py) and the merchant schema,
so a payload made for one merchant can never be replayed against another and the amount cannot
be changed:

    tpq1.<base64url(json)>.<base64url(hmac-sha256)>

`verify()` is pure (no database): the platform's payment code calls it before opening a
payment intent, and the merchant side applies the money through
`hotel.services.offline_payment_succeeded` / `dining.services.offline_payment_succeeded`.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time

from django.conf import settings
from django.db import connection

from shared_apps.core.failures import DomainError
from shared_apps.core.links import absolute_url
from shared_apps.core.qr import qr_svg
from tenant_apps.hotel import errors

PREFIX = "tpq1"
DEFAULT_TTL_SECONDS = 15 * 60
SUBJECTS = ("folio", "bill")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(schema: str) -> bytes:
    return hmac.new(settings.QR_SIGNING_KEY.encode(), f"offline-pay:{schema}".encode(), hashlib.sha256).digest()


def _sig(schema: str, body: str) -> str:
    return _b64(hmac.new(_key(schema), f"{PREFIX}.{body}".encode(), hashlib.sha256).digest())


def sign(*, schema: str, subject: str, subject_id: int, amount_fen: int, ttl_seconds: int = DEFAULT_TTL_SECONDS,
         now: float | None = None) -> str:
    if subject not in SUBJECTS:
        raise ValueError(f"unknown subject {subject!r}")
    if not isinstance(amount_fen, int) or amount_fen <= 0:
        raise DomainError(errors.AMOUNT_INVALID_POSITIVE)
    issued = int(now if now is not None else time.time())
    payload = {"m": schema, "s": subject, "id": int(subject_id), "a": amount_fen, "iat": issued,
               "exp": issued + ttl_seconds, "n": secrets.token_hex(4)}
    body = _b64(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
    return f"{PREFIX}.{body}.{_sig(schema, body)}"


def verify(token: str, *, now: float | None = None) -> dict:
    """The payload {merchant, subject, subject_id, amount_fen, expires_at, nonce} or DomainError."""
    bad = DomainError(errors.QR_INVALID_PAYMENT)
    parts = (token or "").strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise bad
    try:
        payload = json.loads(_unb64(parts[1]))
        schema = str(payload["m"])
    except (ValueError, KeyError, TypeError):
        raise bad from None
    if not hmac.compare_digest(_sig(schema, parts[1]), parts[2]):
        raise bad
    if int(payload["exp"]) < (now if now is not None else time.time()):
        raise DomainError(errors.QR_EXPIRED)
    return {"merchant": schema, "subject": payload["s"], "subject_id": payload["id"], "amount_fen": payload["a"],
            "expires_at": payload["exp"], "nonce": payload["n"]}


def payment_qr(*, subject: str, subject_id: int, balance_fen: int, amount_fen: int | None = None) -> dict:
    """A signed QR, in the current merchant schema, for `amount_fen` (default: all of it) of a folio
    or bill that still owes `balance_fen`."""
    amount = balance_fen if amount_fen is None else amount_fen
    if balance_fen <= 0:
        raise DomainError(errors.NOTHING_TO_PAY_FOLIO)
    if not 0 < amount <= balance_fen:
        raise DomainError(errors.AMOUNT_INVALID_ABOVE_DUE)
    token = sign(schema=connection.schema_name, subject=subject, subject_id=subject_id, amount_fen=amount)
    url = pay_url(token)
    return {"amount_fen": amount, "token": token, "url": url, "svg": qr_svg(url)}


def pay_url(token: str) -> str:
    """What the QR code encodes: the platform's offline-pay page with the signed payload."""
    return absolute_url(f"/pay/offline/?t={token}")
