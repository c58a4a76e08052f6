"""TOTP (RFC 6238) helpers: secrets, the otpauth:// URI and its QR code, code checks with replay refusal."""

import pyotp
import segno

from shared_apps.core import redis as redis_store

ISSUER = "城市旅游平台"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(*, secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The URI as an inline SVG QR code (for authenticator apps)."""
    return segno.make(uri, error="m").svg_inline(scale=5)


def code_matches(*, secret: str, code: str, user_id: int) -> bool:
    """Is `code` valid now (one 30 s step of tolerance either side) and not used before? A code is
    accepted once: a replayed one (a shoulder-surfed or intercepted code) is refused."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6) or not secret:
        return False
    if not pyotp.TOTP(secret).verify(code, valid_window=1):
        return False
    # Redis unavailable: the code is accepted (replay protection is lost for the outage, not the login).
    return bool(redis_store.call(lambda client: client.set(f"auth:otp-used:{user_id}:{code}", 1, nx=True, ex=120),
                                 default=True))
