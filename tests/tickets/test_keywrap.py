"""Ticket signing keys at rest: wrapped with AES-GCM, bound to the merchant schema and the key id."""

import pytest
from cryptography.exceptions import InvalidTag
from django.db import connection

from tenant_apps.tickets import keywrap, qr, services
from tenant_apps.tickets.models import MerchantKey
from tenants.utils import in_tenant
from tests.builders import catalog
from tests.builders.checkout import buy
from tests.builders.tickets import qr_of, tickets_of


def test_private_keys_are_stored_wrapped_and_still_sign(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, catalog.ticket(alpha, days=(0,), capacity=20, price=10000), 1, offset=0)
    (ticket,) = tickets_of(alpha, co)
    payload = qr_of(alpha, ticket)
    with in_tenant(alpha):
        key = MerchantKey.objects.get(active=True)
        stored = bytes(key.private_key)
        raw = keywrap.unwrap(stored, schema="alpha", kid=key.kid)
        public = bytes(key.public_key)
    assert keywrap.is_wrapped(stored) and raw not in stored and len(raw) == 32
    keys = client_for().get("/api/v1/market/merchants/alpha/ticket-keys/").json()["keys"]
    assert qr.verify_qr(payload, keys)["t"] == ticket.code
    # The wrapped key does not unwrap for another merchant or another key id.
    with pytest.raises(InvalidTag):
        keywrap.unwrap(stored, schema="beta", kid=key.kid)
    with pytest.raises(InvalidTag):
        keywrap.unwrap(stored, schema="alpha", kid="00000000")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    derived = Ed25519PrivateKey.from_private_bytes(raw).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert derived == public


def test_a_configured_kek_is_used_and_must_be_32_bytes(settings):
    settings.TICKET_KEY_KEK = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="  # 32 zero bytes
    wrapped = keywrap.wrap(b"k" * 32, schema="alpha", kid="abcd")
    assert keywrap.unwrap(wrapped, schema="alpha", kid="abcd") == b"k" * 32
    settings.TICKET_KEY_KEK = ""
    with pytest.raises(InvalidTag):  # the SECRET_KEY-derived KEK is another key
        keywrap.unwrap(wrapped, schema="alpha", kid="abcd")
    settings.TICKET_KEY_KEK = "c2hvcnQ="
    with pytest.raises(ValueError):
        keywrap.wrap(b"k" * 32, schema="alpha", kid="abcd")


def test_the_migration_wraps_keys_stored_raw(merchants):
    from importlib import import_module

    from django.apps import apps

    wrap_raw_keys = import_module("tenant_apps.tickets.migrations.0002_wrap_signing_keys").wrap_raw_keys
    beta = merchants["beta"]
    with in_tenant(beta):
        services.active_key()
        private, public = qr.new_keypair()
        MerchantKey.objects.filter(active=True).update(active=False)
        legacy = MerchantKey.objects.create(kid="legacy01", private_key=private, public_key=public)
        wrap_raw_keys(apps, connection.schema_editor())
        legacy.refresh_from_db()
        assert keywrap.unwrap(legacy.private_key, schema="beta", kid="legacy01") == private
        legacy.delete()
        MerchantKey.objects.filter(pk=MerchantKey.objects.order_by("id").first().pk).update(active=True)
