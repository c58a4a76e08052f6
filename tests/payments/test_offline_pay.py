"""Offline scan-to-pay: a hotel folio QR paid through the platform credits the folio and the
merchant's ledger account in one transaction; a paid or tampered code is refused."""

import pytest
from rest_framework_simplejwt.tokens import AccessToken

from shared_apps.core.failures import DomainError
from shared_apps.ledger import services as ledger
from shared_apps.payments import services as payments
from shared_apps.settlement.models import SettlementItem
from tenant_apps.hotel import folio as folios
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.checkout import fund_wallet

pytestmark = pytest.mark.django_db


@pytest.fixture
def folio_qr(merchants):
    with in_tenant(merchants["beta"]):
        folio = folios.open_walk_in(guest_name="散客王先生")
        folios.add_charge(folio_id=folio.pk, kind="minibar", amount_fen=12800, actor="beta_clerk")
        return folio.pk, folios.payment_qr(folio_id=folio.pk)["token"]


def test_folio_qr_paid_from_the_wallet_credits_folio_and_ledger(merchants, folio_qr, client):
    folio_id, token = folio_qr
    guest = make_user("scanner_guest")
    fund_wallet(guest, 20000)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {AccessToken.for_user(guest)}", "HTTP_HOST": "localhost"}
    paid = client.post("/api/v1/payments/offline/", {"token": token, "method": "wallet"},
                       content_type="application/json", **auth)
    assert paid.status_code == 201, paid.content
    assert paid.json()["status"] == "succeeded" and paid.json()["offline_ref"] == f"folio:{folio_id}"
    with in_tenant(merchants["beta"]):
        assert folios.due_fen(folio_id=folio_id) == 0
    assert ledger.owed("merchant_payable:beta") == 12800 - 12800 * 800 // 10000
    assert SettlementItem.objects.get(merchant=merchants["beta"]).gross_fen == 12800
    assert ledger.trial_balance() == 0
    again = client.post("/api/v1/payments/offline/", {"token": token, "method": "wallet"},
                        content_type="application/json", **auth)
    assert again.status_code == 409 and again.json()["code"] == "qr_stale"
    assert ledger.owed(f"wallet:{guest.pk}") == 20000 - 12800


def test_tampered_or_foreign_codes_are_refused(merchants, folio_qr):
    _, token = folio_qr
    guest = make_user("scanner_guest2")
    prefix, body, sig = token.split(".")
    for bad in (f"{prefix}.{body}x.{sig}", f"{prefix}.{body}.{sig[:-2]}AA", "tpq1.e30.AAAA"):
        with pytest.raises(DomainError) as err:
            payments.create_offline_intent(user=guest, token=bad, method="wallet")
        assert err.value.code == "qr_invalid"
    with pytest.raises(DomainError) as err:
        payments.create_offline_intent(user=guest, token=token, method="wallet")
    assert err.value.code == "insufficient_balance"
