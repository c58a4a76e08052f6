"""Locally generated credentials shared by the sandbox gateway and the platform's adapters.

Generated once per state dir (under a file lock, so a web process and the sandbox process
starting together agree on one set):

    <state>/wechat/merchant_private_key.pem   ours: we sign API requests, the sandbox verifies
    <state>/wechat/merchant_public_key.pem
    <state>/wechat/platform_private_key.pem   "微信支付公钥" pair: the sandbox signs responses and
    <state>/wechat/platform_public_key.pem      callbacks, we verify with the public half
    <state>/wechat/platform_cert.pem          self-signed cert of the same key (certificate mode)
    <state>/wechat/apiv3_key.txt              32-char APIv3 key (AES-256-GCM of callbacks)
    <state>/wechat/meta.json                  mchid, appid, merchant_serial_no, public_key_id
    <state>/alipay/app_private_key.pem        ours: we sign requests, the sandbox verifies
    <state>/alipay/app_public_key.pem
    <state>/alipay/alipay_private_key.pem     Alipay's: the sandbox signs responses/notifications
    <state>/alipay/alipay_public_key.pem        we verify with it
    <state>/alipay/meta.json                  app_id, seller_id
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import secrets
import string
from contextlib import contextmanager
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

_MARKER = "complete"


@contextmanager
def _locked(state_dir: Path):
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / "keys.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _private_pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _public_pem(key) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _self_signed_cert(key, serial: int) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sandbox Tenpay"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Sandbox Platform CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(serial).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650)).sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _write(path: Path, text: str, secret: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if secret:
        path.chmod(0o600)


def _generate(state: Path) -> None:
    wx, ali = state / "wechat", state / "alipay"
    merchant, platform = _new_key(), _new_key()
    _write(wx / "merchant_private_key.pem", _private_pem(merchant), secret=True)
    _write(wx / "merchant_public_key.pem", _public_pem(merchant))
    _write(wx / "platform_private_key.pem", _private_pem(platform), secret=True)
    _write(wx / "platform_public_key.pem", _public_pem(platform))
    cert_serial = secrets.randbits(159) | (1 << 158)
    _write(wx / "platform_cert.pem", _self_signed_cert(platform, cert_serial))
    alphabet = string.ascii_letters + string.digits
    _write(wx / "apiv3_key.txt", "".join(secrets.choice(alphabet) for _ in range(32)), secret=True)
    _write(wx / "meta.json", json.dumps({
        "mchid": "1900" + "".join(secrets.choice(string.digits) for _ in range(6)),
        "appid": "wx" + secrets.token_hex(8),
        "merchant_serial_no": secrets.token_hex(20).upper(),
        "public_key_id": "PUB_KEY_ID_" + "".join(secrets.choice(string.digits) for _ in range(32)),
        "platform_cert_serial_no": format(cert_serial, "X"),
    }, indent=2))
    app, alipay = _new_key(), _new_key()
    _write(ali / "app_private_key.pem", _private_pem(app), secret=True)
    _write(ali / "app_public_key.pem", _public_pem(app))
    _write(ali / "alipay_private_key.pem", _private_pem(alipay), secret=True)
    _write(ali / "alipay_public_key.pem", _public_pem(alipay))
    _write(ali / "meta.json", json.dumps({
        "app_id": "9021" + "".join(secrets.choice(string.digits) for _ in range(12)),
        "seller_id": "2088" + "".join(secrets.choice(string.digits) for _ in range(12)),
    }, indent=2))
    (state / _MARKER).write_text("keys generated\n")


def ensure_keys(state_dir: str | Path) -> Path:
    state = Path(state_dir).resolve()
    if (state / _MARKER).exists():
        return state
    with _locked(state):
        if not (state / _MARKER).exists():
            _generate(state)
    return state


def sandbox_credentials(state_dir: str | Path) -> dict:
    """Every key and id of the sandbox, generating them on first use.

    {"state_dir", "wechat": {mchid, appid, merchant_serial_no, merchant_private_key,
    merchant_public_key, platform_private_key, platform_public_key, public_key_id,
    platform_cert, platform_cert_serial_no, apiv3_key, *_path}, "alipay": {app_id, seller_id,
    app_private_key, app_public_key, alipay_private_key, alipay_public_key, *_path}}"""
    state = ensure_keys(state_dir)
    wx, ali = state / "wechat", state / "alipay"
    wechat = json.loads((wx / "meta.json").read_text())
    for name in ("merchant_private_key", "merchant_public_key", "platform_private_key", "platform_public_key"):
        wechat[name] = (wx / f"{name}.pem").read_text()
        wechat[f"{name}_path"] = str(wx / f"{name}.pem")
    wechat["platform_cert"] = (wx / "platform_cert.pem").read_text()
    wechat["apiv3_key"] = (wx / "apiv3_key.txt").read_text().strip()
    alipay = json.loads((ali / "meta.json").read_text())
    for name in ("app_private_key", "app_public_key", "alipay_private_key", "alipay_public_key"):
        alipay[name] = (ali / f"{name}.pem").read_text()
        alipay[f"{name}_path"] = str(ali / f"{name}.pem")
    return {"state_dir": str(state), "wechat": wechat, "alipay": alipay}
