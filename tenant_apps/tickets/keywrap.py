"""Ticket signing keys at rest: the Ed25519 private half is stored wrapped with AES-256-GCM.

The key-encryption key comes from settings.TICKET_KEY_KEK (base64, 32 bytes; set it in production
and keep it out of the database) or, when unset, is derived from SECRET_KEY with HKDF. The
merchant schema and the key id are the associated data, so a wrapped key copied into another
merchant's schema or onto another row does not unwrap.
Format: b"tkw1" + 12-byte nonce + ciphertext (32 bytes + 16-byte tag) = 64 bytes.
"""

import base64
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"tkw1"
RAW_LEN = 32


def _kek() -> bytes:
    configured = getattr(settings, "TICKET_KEY_KEK", "")
    if configured:
        kek = base64.b64decode(configured)
        if len(kek) != 32:
            raise ValueError("TICKET_KEY_KEK must be 32 bytes, base64-encoded")
        return kek
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"ticket-signing-keys",
                info=b"kek-v1").derive(settings.SECRET_KEY.encode())


def _aad(schema: str, kid: str) -> bytes:
    return f"{schema}:{kid}".encode()


def wrap(raw: bytes, *, schema: str, kid: str) -> bytes:
    if len(raw) != RAW_LEN:
        raise ValueError("an Ed25519 private key is 32 bytes")
    nonce = os.urandom(12)
    return MAGIC + nonce + AESGCM(_kek()).encrypt(nonce, raw, _aad(schema, kid))


def is_wrapped(stored: bytes) -> bool:
    return bytes(stored[:4]) == MAGIC and len(stored) == 4 + 12 + RAW_LEN + 16


def unwrap(stored: bytes, *, schema: str, kid: str) -> bytes:
    """The raw private key; raises cryptography.exceptions.InvalidTag when moved or tampered with."""
    stored = bytes(stored)
    if not is_wrapped(stored):
        raise ValueError("ticket signing key is not wrapped")
    return AESGCM(_kek()).decrypt(stored[4:16], stored[16:], _aad(schema, kid))
