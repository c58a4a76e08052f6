"""Signed QR codes: offline verification with only the published public key, tampering,
key rotation, and the tourist's ticket list with QR strings and SVG (EC-TKT-07)."""

import base64
import json

import pytest
from rest_framework_simplejwt.tokens import AccessToken

from tenant_apps.tickets import qr, services
from tenants.utils import in_tenant
from tests.builders import catalog
from tests.builders.accounts import make_user
from tests.builders.checkout import buy
from tests.builders.tickets import qr_of, tickets_of


def _published_keys(client_for, slug):
    resp = client_for().get(f"/api/v1/market/merchants/{slug}/ticket-keys/")
    assert resp.status_code == 200
    return resp.json()["keys"]


def test_qr_verifies_offline_with_only_the_published_public_key(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, catalog.ticket(alpha, days=(0,), capacity=20, price=10000), 2, offset=0)
    (ticket,) = tickets_of(alpha, co)
    payload = qr_of(alpha, ticket)
    keys = _published_keys(client_for, "alpha")  # anonymous, platform host
    assert [set(k) >= {"kid", "alg", "public_key", "active"} for k in keys] == [True]
    assert "private" not in json.dumps(keys)
    # From here on: nothing but the payload, the public key list and the pure qr module.
    claims = qr.verify_qr(payload, keys, merchant="alpha")
    assert claims == {"m": "alpha", "t": ticket.code, "d": ticket.day.isoformat(), "p": 2, "v": keys[0]["kid"]}
    assert payload.startswith("T1.") and payload.count(".") == 2 and len(payload) < 300


def _tamper(payload: str, **changes) -> str:
    prefix, body, sig = payload.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims.update(changes)
    new_body = qr.b64e(json.dumps(claims, separators=(",", ":")).encode())
    return f"{prefix}.{new_body}.{sig}"


def test_tampered_or_foreign_payloads_are_refused(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, catalog.ticket(alpha, days=(0,), capacity=20, price=10000), 1, offset=0)
    payload = qr_of(alpha, tickets_of(alpha, co)[0])
    keys = _published_keys(client_for, "alpha")
    with pytest.raises(qr.QrError) as more_people:
        qr.verify_qr(_tamper(payload, p=10), keys)
    assert more_people.value.reason == "bad_signature"
    with pytest.raises(qr.QrError) as other_day:
        qr.verify_qr(_tamper(payload, d="2030-01-01"), keys)
    assert other_day.value.reason == "bad_signature"
    prefix, body, sig = payload.split(".")
    flipped = sig[:-2] + ("A" if sig[-2] != "A" else "B") + sig[-1]
    with pytest.raises(qr.QrError):
        qr.verify_qr(f"{prefix}.{body}.{flipped}", keys)
    with pytest.raises(qr.QrError) as wrong:
        qr.verify_qr(payload, keys, merchant="beta")
    assert wrong.value.reason == "wrong_merchant"
    # A forger's own key pair: its signature does not verify with alpha's published key.
    private, _ = qr.new_keypair()
    forged = qr.sign({"m": "alpha", "t": "FAKE", "d": "2030-01-01", "p": 9}, kid=keys[0]["kid"], private_key=private)
    with pytest.raises(qr.QrError) as forged_exc:
        qr.verify_qr(forged, keys)
    assert forged_exc.value.reason == "bad_signature"
    for junk in ("", "hello", "T1.x.y", "T2." + payload[3:], payload + ".x", "T1.%%%.abc"):
        with pytest.raises(qr.QrError) as bad:
            qr.verify_qr(junk, keys)
        assert bad.value.reason == "malformed"


def test_rotation_keeps_old_codes_verifiable(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, catalog.ticket(alpha, days=(0,), capacity=20, price=10000), 1, offset=0)
    (ticket,) = tickets_of(alpha, co)
    old_payload = qr_of(alpha, ticket)
    with in_tenant(alpha):
        new_key = services.rotate_key()
    new_payload = qr_of(alpha, ticket)
    keys = _published_keys(client_for, "alpha")
    assert [k["active"] for k in keys] == [True, False] and keys[0]["kid"] == new_key.kid
    assert qr.verify_qr(old_payload, keys)["v"] != qr.verify_qr(new_payload, keys)["v"]


def test_rotate_endpoint_needs_manage_right(merchants, client_for):
    assert client_for("alpha_clerk", "alpha").post("/api/v1/merchant/ticket-keys/rotate/").status_code == 403
    resp = client_for("alpha_owner", "alpha").post("/api/v1/merchant/ticket-keys/rotate/")
    assert resp.status_code == 201 and len(resp.json()["keys"]) == 2


def test_unknown_or_platform_merchant_has_no_keys(merchants, client_for):
    assert client_for().get("/api/v1/market/merchants/public/ticket-keys/").status_code == 404
    assert client_for().get("/api/v1/market/merchants/nobody/ticket-keys/").status_code == 404


def test_my_tickets_lists_tickets_across_merchants_with_qr_and_svg(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, catalog.ticket(alpha, days=(0,), capacity=20, price=10000), 2, offset=0)
    (ticket,) = tickets_of(alpha, co)
    api = client_for(None)
    token = str(AccessToken.for_user(tourist))
    rows = api.get("/api/v1/me/tickets/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [r["code"] for r in rows] == [ticket.code]
    row = rows[0]
    assert row["merchant"] == "alpha" and row["merchant_name"] == "阿尔法景区" and row["persons"] == 2
    assert "amount_fen" not in row
    assert qr.verify_qr(row["qr"], _published_keys(client_for, "alpha"))["t"] == ticket.code
    svg = base64.b64decode(row["qr_svg"].split(",", 1)[1]).decode()
    assert row["qr_svg"].startswith("data:image/svg+xml;base64,") and svg.startswith("<svg")
    plain = api.get("/api/v1/me/tickets/?svg=0", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert "qr_svg" not in plain[0]
    # Somebody else sees none of them; anonymous is 401.

    other = str(AccessToken.for_user(make_user("tk_other")))
    assert api.get("/api/v1/me/tickets/", HTTP_AUTHORIZATION=f"Bearer {other}").json() == []
    assert api.get("/api/v1/me/tickets/").status_code == 401
