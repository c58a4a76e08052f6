"""Signing keys: one per purpose, derived in development, required and distinct in production.

SECRET_KEY signs Django's sessions, CSRF and password-reset tokens; JWT_SIGNING_KEY signs the
tourist API's JSON web tokens (SIMPLE_JWT); QR_SIGNING_KEY signs offline scan-to-pay QR payloads
(tenant_apps/hotel/qrpay.py). With one key for all, the repository's default SECRET_KEY let
anyone forge a super-admin JWT; separate keys also let one be rotated without the others.

Development and tests derive the missing keys from SECRET_KEY (HMAC-SHA256 with a label), so they
differ from it and from each other. Production (config/settings/prod.py) calls `problems()` and
refuses to start when a key is missing, known (the repository's default, Django's
`django-insecure-` keys), short, repetitive, or shared between purposes.
"""

import hashlib
import hmac

# The SECRET_KEY default of config/settings/base.py: fine on a laptop, fatal anywhere else.
DEV_SECRET_KEY = "dev-insecure-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
KNOWN_KEYS = {DEV_SECRET_KEY, "changeme", "change-me", "secret", "secret-key", "your-secret-key"}
KNOWN_PREFIXES = ("django-insecure", "dev-insecure", "insecure", "changeme", "change-me")
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
REQUIRED = ("SECRET_KEY", "JWT_SIGNING_KEY", "QR_SIGNING_KEY")


def derived(secret_key: str, purpose: str) -> str:
    """A development key for `purpose`, derived from SECRET_KEY (never used in production)."""
    return hmac.new(secret_key.encode(), f"tourism-key:{purpose}".encode(), hashlib.sha256).hexdigest()


def weakness(value: str) -> str | None:
    """Why `value` is not a usable production key, or None."""
    if not value:
        return "not set"
    lowered = value.strip().lower()
    if value in KNOWN_KEYS or lowered in KNOWN_KEYS or lowered.startswith(KNOWN_PREFIXES):
        return "a known key (published in the repository or a template)"
    if len(value) < MIN_LENGTH:
        return f"shorter than {MIN_LENGTH} characters"
    if len(set(value)) < MIN_UNIQUE_CHARACTERS:
        return f"fewer than {MIN_UNIQUE_CHARACTERS} distinct characters"
    return None


def problems(env) -> list[str]:
    """What is wrong with the production keys in `env` (a mapping such as os.environ)."""
    found = [f"{name} is {why}" for name in REQUIRED if (why := weakness(env.get(name, "")))]
    values = [(name, env.get(name, "")) for name in (*REQUIRED, "TICKET_KEY_KEK") if env.get(name)]
    for i, (name, value) in enumerate(values):
        found += [f"{name} and {other} must differ" for other, again in values[i + 1:] if again == value]
    return found
