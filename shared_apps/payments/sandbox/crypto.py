"""RSA-SHA256 (PKCS#1 v1.5) signatures and AES-256-GCM, as both gateways use them.

Written against `cryptography` directly, independently of the SDKs the adapters use, so the
sandbox is a second implementation of each wire protocol rather than a mirror of the client.
"""

import base64
import secrets
import string

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key


def private_key(pem: str):
    return load_pem_private_key(pem.encode(), password=None)


def public_key(pem: str):
    return load_pem_public_key(pem.encode())


def sign(key, message: str) -> str:
    return base64.b64encode(key.sign(message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())).decode()


def verify(key, message: str, signature: str) -> bool:
    try:
        key.verify(base64.b64decode(signature, validate=True), message.encode("utf-8"), padding.PKCS1v15(),
                   hashes.SHA256())
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


def nonce(length: int = 32) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def aes_gcm_encrypt(key: str, nonce_str: str, plaintext: str, associated_data: str) -> str:
    data = AESGCM(key.encode("utf-8")).encrypt(nonce_str.encode("utf-8"), plaintext.encode("utf-8"),
                                               associated_data.encode("utf-8"))
    return base64.b64encode(data).decode()
