"""Redemption at the venue (EC-TKT-07): partial and full use, duplicates, wrong venue, wrong
day, refunded tickets, permissions and tenant isolation."""

import uuid

import pytest

from shared_apps.accounts.models import MerchantMembership
from shared_apps.payments import refund_approval
from tenant_apps.orders import services as orders
from tenants.utils import in_tenant
from tests.builders import catalog
from tests.builders.accounts import make_user
from tests.builders.checkout import buy, order_of
from tests.builders.tickets import qr_of, tickets_of

pytestmark = pytest.mark.clock  # tickets are for a day relative to today

URL = "/api/v1/merchant/redemptions/"


def _scan(client, payload, **extra):
    return client.post(URL, {"qr": payload, **extra}, content_type="application/json")


def _paid(merchants, tourist, quantity=3, **kw):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, catalog.ticket(alpha, **kw, days=(0,), capacity=20, price=10000), quantity, offset=0)
    (ticket,) = tickets_of(alpha, co)
    return co, ticket, qr_of(alpha, ticket)


def test_partial_then_full_use_fulfils_the_order(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co, ticket, payload = _paid(merchants, tourist, 3)
    clerk = client_for("alpha_clerk", "alpha")
    first = _scan(clerk, payload, persons=2, scan_id=str(uuid.uuid4()), device="南门1")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["persons"] == 2 and body["duplicate"] is False and body["joint"] is False
    assert body["ticket"]["remaining_persons"] == 1 and body["ticket"]["status"] == "partially_used"
    assert order_of(alpha, co).status == "paid"
    second = _scan(clerk, payload)  # persons default: everything left
    assert second.status_code == 201 and second.json()["persons"] == 1
    assert second.json()["ticket"]["status"] == "used"
    order = order_of(alpha, co)
    assert order.status == "used"
    with in_tenant(alpha):
        assert order.events.last().actor == "scanner:alpha_clerk"
        assert [e.persons for e in ticket.events.filter(kind="redeem")] == [2, 1]
    third = _scan(clerk, payload)
    assert third.status_code == 409 and third.json()["code"] == "ticket_used"
    listing = clerk.get(URL).json()
    assert listing["count"] == 2 and {r["device"] for r in listing["results"]} == {"南门1", ""}
    detail = clerk.get(f"/api/v1/merchant/tickets/{ticket.pk}/").json()
    assert [r["persons"] for r in detail["redemptions"]] == [1, 2]


def test_same_scan_twice_is_counted_once(merchants, tourist, client_for):
    _, ticket, payload = _paid(merchants, tourist, 3)
    clerk = client_for("alpha_clerk", "alpha")
    scan_id = str(uuid.uuid4())
    first = _scan(clerk, payload, persons=1, scan_id=scan_id)
    again = _scan(clerk, payload, persons=1, scan_id=scan_id)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["redemption_id"] == first.json()["redemption_id"]
    assert (tickets_of(merchants["alpha"])[0]).used_persons == 1
    # The same scan id for another ticket is a conflict, not a replay.
    _, _, other_payload = _paid(merchants, tourist, 1)
    reused = _scan(clerk, other_payload, scan_id=scan_id)
    assert reused.status_code == 409 and reused.json()["code"] == "scan_id_reused"


def test_too_many_persons_and_bad_input(merchants, tourist, client_for):
    _, _, payload = _paid(merchants, tourist, 2)
    clerk = client_for("alpha_clerk", "alpha")
    over = _scan(clerk, payload, persons=3)
    assert over.status_code == 409 and over.json()["code"] == "persons_exceed" and over.json()["details"]["left"] == 2
    assert _scan(clerk, payload, persons=0).json()["code"] == "invalid"
    assert _scan(clerk, "not a ticket").json()["code"] == "qr_invalid"
    prefix, body, sig = payload.split(".")
    forged = f"{prefix}.{body}.{sig[::-1]}"
    assert _scan(clerk, forged).json()["code"] in ("signature_invalid", "qr_invalid")


def test_ticket_of_another_merchant_is_wrong_venue(merchants, tourist, client_for):
    _, ticket, payload = _paid(merchants, tourist, 1)
    beta_owner = client_for("beta_owner", "beta")
    resp = _scan(beta_owner, payload)
    assert resp.status_code == 409 and resp.json()["code"] == "wrong_venue"
    assert tickets_of(merchants["alpha"])[0].used_persons == 0


def test_ticket_for_another_day_is_not_today(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co = buy(tourist, alpha, catalog.ticket(alpha, days=(2,), capacity=20, price=10000), 1, offset=2)
    payload = qr_of(alpha, tickets_of(alpha, co)[0])
    resp = _scan(client_for("alpha_clerk", "alpha"), payload)
    assert resp.status_code == 409 and resp.json()["code"] == "not_today"
    assert resp.json()["message"].startswith("该票仅限")


def test_multi_day_ticket_is_valid_until_its_last_day(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    product = catalog.ticket(alpha, attributes={"valid_days": 3}, days=(-0,), capacity=20, price=10000)
    co = buy(tourist, alpha, product, 1, offset=0)
    (ticket,) = tickets_of(alpha, co)
    assert (ticket.valid_until - ticket.day).days == 2
    assert _scan(client_for("alpha_clerk", "alpha"), qr_of(alpha, ticket)).status_code == 201


def test_refunded_ticket_cannot_be_redeemed(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    co, ticket, payload = _paid(merchants, tourist, 1)
    order = order_of(alpha, co)
    with in_tenant(alpha):
        refund = orders.request_refund(order_id=order.pk, actor="t")
        refund_approval.decide_refund(refund_id=refund.pk, approve=True, actor="alpha_owner")
    resp = _scan(client_for("alpha_clerk", "alpha"), payload)
    assert resp.status_code == 409 and resp.json()["code"] == "ticket_refunded"


def test_scanner_role_may_redeem_finance_may_not(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    _, _, payload = _paid(merchants, tourist, 2)
    scanner, finance = make_user("alpha_scanner"), make_user("alpha_finance")
    MerchantMembership.objects.create(user=scanner, merchant=alpha, role="scanner")
    MerchantMembership.objects.create(user=finance, merchant=alpha, role="finance")
    assert _scan(client_for("alpha_finance", "alpha"), payload, persons=1).status_code == 403
    assert _scan(client_for("alpha_scanner", "alpha"), payload, persons=1).status_code == 201
    assert client_for().post(URL, {"qr": payload}, content_type="application/json",
                             HTTP_HOST="alpha.localhost").status_code in (401, 403)


def test_isolation_alpha_staff_cannot_scan_or_list_at_beta(merchants, tourist, client_for):
    _, ticket, payload = _paid(merchants, tourist, 1)
    alpha_owner_at_beta = client_for("alpha_owner", "beta")
    assert _scan(alpha_owner_at_beta, payload).status_code == 403
    for path in ("/api/v1/merchant/tickets/", URL, f"/api/v1/merchant/tickets/{ticket.pk}/",
                 "/api/v1/merchant/ticket-stats/", "/api/v1/merchant/routes/", "/api/v1/merchant/joint-tickets/",
                 "/api/v1/merchant/ticket-keys/"):
        assert alpha_owner_at_beta.get(path).status_code == 403, path
    # beta's own staff see beta's (empty) lists, never alpha's tickets
    beta = client_for("beta_owner", "beta")
    assert beta.get("/api/v1/merchant/tickets/").json()["count"] == 0
    assert beta.get(f"/api/v1/merchant/tickets/{ticket.pk}/").status_code == 404
    alpha = client_for("alpha_owner", "alpha").get("/api/v1/merchant/tickets/").json()
    assert [t["code"] for t in alpha["results"]] == [ticket.code]
    for page in ("/console/scanner/", "/console/tickets/"):
        assert alpha_owner_at_beta.get(page).status_code == 403
    assert tickets_of(merchants["alpha"])[0].used_persons == 0


def test_ticket_list_filters(merchants, tourist, client_for):
    _, ticket, _ = _paid(merchants, tourist, 1)
    owner = client_for("alpha_owner", "alpha")
    assert owner.get(f"/api/v1/merchant/tickets/?q={ticket.code}").json()["count"] == 1
    assert owner.get("/api/v1/merchant/tickets/?status=used").json()["count"] == 0
    assert owner.get("/api/v1/merchant/tickets/?status=bogus").status_code == 400
