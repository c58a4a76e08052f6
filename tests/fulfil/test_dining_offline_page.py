"""A restaurant bill's offline-pay QR (EC-FNB-08) opens the payer's H5 page, and paying it there
settles the bill in the restaurant's schema."""

from urllib.parse import urlsplit

import pytest

from tenant_apps.dining import billing, services
from tenant_apps.dining.models import Bill
from tenants.utils import in_tenant
from tests.builders.checkout import fund_wallet

from .test_dining import dishes, seated

pytestmark = pytest.mark.django_db


def test_bill_qr_is_paid_on_the_payers_page(shops, tourist, tourist_client):
    delta = shops["delta"]
    soup, pork, _ = dishes(delta)
    _, sitting = seated(delta)
    with in_tenant(delta):
        services.place_tab_order(sitting_id=sitting.pk, actor="w", lines=[
            {"product_id": soup.pk, "quantity": 1}, {"product_id": pork.pk, "quantity": 1}])  # 66.00
        bill = Bill.objects.get(sitting=sitting)
        qr = billing.payment_qr(bill_id=bill.pk)
    url = urlsplit(qr["url"])
    page = tourist_client.get(f"{url.path}?{url.query}").content.decode()
    assert "德尔塔餐厅" in page and "餐费账单" in page and "¥66" in page
    fund_wallet(tourist, 10000)
    paid = tourist_client.post("/pay/offline/", {"t": qr["token"], "method": "wallet"})
    assert paid.status_code == 302
    assert 'data-status="paid"' in tourist_client.get(paid["Location"]).content.decode()
    with in_tenant(delta):
        bill.refresh_from_db()
        assert (bill.balance_fen, bill.status) == (0, "settled")
