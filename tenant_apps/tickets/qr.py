"""Signed ticket QR codes, verifiable offline with the merchant's published public key.

Format (ASCII, fits a QR code):  T1.<body>.<sig>
  body = base64url(JSON {"m": merchant schema, "t": ticket code, "d": "YYYY-MM-DD" first day,
                        "p": persons, "v": key id[, "u": "YYYY-MM-DD" last day][, "j": joint ticket id]})
  sig  = base64url(Ed25519 signature of the ASCII bytes "T1.<body>")
base64url is without padding. Pure functions: no Django, no database, so a scanner app can
ship this module and verify with only the public keys from
GET /api/v1/market/merchants/<slug>/ticket-keys/.
"""

import base64
import binascii
import json
from collections.abc import Iterable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "T1"
MAX_LENGTH = 1024


class QrError(ValueError):
    """The payload is malformed, signed by an unknown key, or its signature is wrong."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # malformed | unknown_key | bad_signature | wrong_merchant


def b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    if not isinstance(text, str) or not text or any(c in text for c in "=+/ \n"):
        raise QrError("malformed")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise QrError("malformed") from exc


def new_keypair() -> tuple[bytes, bytes]:
    """(private raw 32 bytes, public raw 32 bytes)."""
    private = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    priv = private.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    pub = private.public_key().public_bytes(raw, serialization.PublicFormat.Raw)
    return priv, pub


def sign(claims: Mapping, *, kid: str, private_key: bytes) -> str:
    """The QR string for `claims` (m, t, d, p, ...) signed with the key `kid`."""
    body = dict(claims, v=kid)
    encoded = b64e(json.dumps(body, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    signing_input = f"{PREFIX}.{encoded}"
    signature = Ed25519PrivateKey.from_private_bytes(bytes(private_key)).sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64e(signature)}"


def parse(payload: str) -> tuple[dict, str, bytes]:
    """(claims, signing input, signature) WITHOUT verifying; raises QrError("malformed")."""
    if not isinstance(payload, str):
        raise QrError("malformed")
    payload = payload.strip()
    if len(payload) > MAX_LENGTH:
        raise QrError("malformed")
    parts = payload.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise QrError("malformed")
    try:
        claims = json.loads(b64d(parts[1]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise QrError("malformed") from exc
    if not isinstance(claims, dict):
        raise QrError("malformed")
    for key, kind in (("m", str), ("t", str), ("d", str), ("p", int), ("v", str)):
        if not isinstance(claims.get(key), kind) or isinstance(claims.get(key), bool):
            raise QrError("malformed")
    signature = b64d(parts[2])
    if len(signature) != 64:
        raise QrError("malformed")
    return claims, f"{parts[0]}.{parts[1]}", signature


def _key_map(public_keys) -> dict[str, bytes]:
    """Accepts {kid: raw bytes | base64url}, or the published list [{"kid", "public_key"}, ...]."""
    items: Iterable
    if isinstance(public_keys, Mapping):
        items = public_keys.items()
    else:
        items = ((k.get("kid"), k.get("public_key")) for k in public_keys)
    result = {}
    for kid, key in items:
        if isinstance(key, str):
            key = b64d(key)
        result[str(kid)] = bytes(key)
    return result


def verify_qr(payload: str, public_keys, *, merchant: str | None = None) -> dict:
    """Verify a ticket QR offline and return its claims, or raise QrError.

    `public_keys`: the merchant's keys as {kid: raw 32 bytes or base64url} or the list
    published by the ticket-keys endpoint. `merchant`: when given, the claims must name it.
    """
    claims, signing_input, signature = parse(payload)
    if merchant is not None and claims["m"] != merchant:
        raise QrError("wrong_merchant")
    key = _key_map(public_keys).get(claims["v"])
    if key is None:
        raise QrError("unknown_key")
    try:
        Ed25519PublicKey.from_public_bytes(key).verify(signature, signing_input.encode("ascii"))
    except (InvalidSignature, ValueError) as exc:
        raise QrError("bad_signature") from exc
    return claims
