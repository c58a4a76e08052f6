"""Signing keys: production refuses the repository's default SECRET_KEY (and short, known or shared
keys) at start-up, and JWTs and offline-pay QR codes have keys of their own, so a token signed with
SECRET_KEY (the published default) opens nothing."""

import base64
import hashlib
import hmac
import os
import subprocess
import sys

import jwt
import pytest
from django.conf import settings
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from config import keys
from shared_apps.core.failures import DomainError
from tenant_apps.hotel import qrpay
from tests.builders.accounts import make_operator

STRONG = {name: base64.b64encode(name.encode() * 8).decode() for name in keys.REQUIRED}


def start_prod(tmp_path, **env) -> subprocess.CompletedProcess:
    """Import config.settings.prod in a fresh interpreter, as gunicorn would."""
    gateways = tmp_path / "gateways.json"
    gateways.write_text("{}")
    base = {"PATH": os.environ.get("PATH", ""), "DATABASE_URL": "postgres://u:p@127.0.0.1:1/x",
            "REDIS_URL": "redis://127.0.0.1:1/0", "TICKET_KEY_KEK": base64.b64encode(os.urandom(32)).decode(),
            "PLATFORM_HOST": "tourism.example.cn", "PAYMENT_GATEWAYS_FILE": str(gateways), **STRONG}
    base.update(env)
    return subprocess.run([sys.executable, "-c", "import config.settings.prod"], cwd=settings.BASE_DIR,
                          env={k: v for k, v in base.items() if v is not None}, capture_output=True, text=True,
                          timeout=60)


def test_production_refuses_the_repository_default_secret_key(tmp_path):
    refused = start_prod(tmp_path, SECRET_KEY=keys.DEV_SECRET_KEY)
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "SECRET_KEY is a known key" in refused.stderr
    assert start_prod(tmp_path).returncode == 0, start_prod(tmp_path).stderr


def test_production_refuses_a_missing_jwt_key_and_a_key_shared_between_purposes(tmp_path):
    missing = start_prod(tmp_path, JWT_SIGNING_KEY=None)
    assert missing.returncode != 0 and "JWT_SIGNING_KEY is not set" in missing.stderr
    shared = start_prod(tmp_path, QR_SIGNING_KEY=STRONG["SECRET_KEY"])
    assert shared.returncode != 0 and "SECRET_KEY and QR_SIGNING_KEY must differ" in shared.stderr


@pytest.mark.parametrize("value, why", [
    ("", "not set"), ("django-insecure-" + "x1y2z3" * 10, "a known key"), ("s3cr3t-but-short", "shorter than 50"),
    ("ab" * 40, "fewer than 5 distinct"), (keys.DEV_SECRET_KEY, "a known key"),
])
def test_weak_keys_are_named(value, why):
    assert why in keys.weakness(value)


def test_development_keys_are_derived_and_distinct():
    assert len({settings.SECRET_KEY, settings.JWT_SIGNING_KEY, settings.QR_SIGNING_KEY}) == 3
    assert settings.SIMPLE_JWT["SIGNING_KEY"] == settings.JWT_SIGNING_KEY


@pytest.mark.django_db
def test_a_jwt_signed_with_secret_key_opens_nothing():
    """Before: the default SECRET_KEY signed JWTs, so anyone could mint a super-admin's token."""
    operator = make_operator("key_superadmin", role="super_admin")
    genuine = AccessToken.for_user(operator)
    forged = jwt.encode(dict(genuine.payload), settings.SECRET_KEY, algorithm="HS256")
    client = Client(HTTP_HOST="localhost")
    assert client.get("/api/v1/ops/distributors/", HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401
    assert client.get("/api/v1/ops/distributors/", HTTP_AUTHORIZATION=f"Bearer {genuine}").status_code != 401


def test_qr_codes_are_signed_with_their_own_key(settings):
    token = qrpay.sign(schema="beta", subject="folio", subject_id=7, amount_fen=100)
    assert qrpay.verify(token)["amount_fen"] == 100
    prefix, body, _ = token.split(".")
    old_key = hmac.new(settings.SECRET_KEY.encode(), b"offline-pay:beta", hashlib.sha256).digest()
    old_sig = base64.urlsafe_b64encode(hmac.new(old_key, f"{prefix}.{body}".encode(), hashlib.sha256).digest())
    with pytest.raises(DomainError) as err:  # a code signed the old way, with SECRET_KEY
        qrpay.verify(f"{prefix}.{body}.{old_sig.rstrip(b'=').decode()}")
    assert err.value.code == "qr_invalid"
    settings.QR_SIGNING_KEY = keys.derived("another", "qr")
    with pytest.raises(DomainError) as err:
        qrpay.verify(token)
    assert err.value.code == "qr_invalid"
