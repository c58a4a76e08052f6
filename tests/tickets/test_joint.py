"""Joint tickets (联票, EC-TKT-08): sold by alpha, valid at alpha and gamma, redeemed per venue
with the issuer's signature, revenue moved to the venue in the ledger by weight."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.fulfilment import services as joint
from shared_apps.fulfilment.models import JointRedemption
from shared_apps.ledger import services as ledger
from shared_apps.settlement.services import release_due
from tests.builders import catalog
from tests.builders.accounts import make_merchant
from tests.builders.checkout import buy, order_of
from tests.builders.tickets import qr_of, tickets_of

URL = "/api/v1/merchant/redemptions/"


def _configure(client_for, product, venues):
    return client_for("alpha_owner", "alpha").post("/api/v1/merchant/joint-tickets/",
                                                   {"product_id": product.pk, "venues": venues},
                                                   content_type="application/json")


@pytest.mark.clock
def test_joint_ticket_redeemed_at_two_venues_moves_revenue_by_weight(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    make_merchant("gamma", "scenic", "伽马景区")
    product = catalog.ticket(alpha, name="两山联票", price=10000, days=(0,), capacity=20)
    bad = _configure(client_for, product, [{"merchant": "alpha", "weight": 1}, {"merchant": "beta", "weight": 1}])
    assert bad.status_code == 400 and bad.json()["code"] == "venue_invalid"  # beta is a hotel
    assert client_for("alpha_clerk", "alpha").post(
        "/api/v1/merchant/joint-tickets/", {"product_id": product.pk, "venues": [{"merchant": "alpha"}]},
        content_type="application/json").status_code == 403
    resp = _configure(client_for, product, [{"merchant": "alpha", "weight": 1}, {"merchant": "gamma", "weight": 3}])
    assert resp.status_code == 201, resp.json()
    assert [(v["merchant"], v["weight"]) for v in resp.json()["venues"]] == [("alpha", 1), ("gamma", 3)]

    co = buy(tourist, alpha, product, 2, offset=0)
    (ticket,) = tickets_of(alpha, co)
    assert ticket.joint_venues == {"alpha": 1, "gamma": 3} and ticket.amount_fen == 20000
    payload = qr_of(alpha, ticket)
    assert ledger.owed("merchant_payable:alpha") == 19000  # 20000 less 5% commission

    # beta is not a venue of this joint ticket
    wrong = client_for("beta_owner", "beta").post(URL, {"qr": payload}, content_type="application/json")
    assert wrong.status_code == 409 and wrong.json()["code"] == "wrong_venue"

    gamma = client_for("gamma_owner", "gamma")
    at_gamma = gamma.post(URL, {"qr": payload}, content_type="application/json")
    assert at_gamma.status_code == 201, at_gamma.json()
    body = at_gamma.json()
    assert body["joint"] is True and body["issuer"] == "alpha" and body["persons"] == 2
    assert body["share_fen"] == 14250  # 19000 split 1:3 → alpha 4750, gamma 14250
    assert body["ticket"]["status"] == "partially_used" and body["ticket"]["joint"]["venues_used"] == 1
    assert ledger.owed("merchant_payable:gamma") == 14250
    assert ledger.owed("merchant_payable:alpha") == 4750
    again = gamma.post(URL, {"qr": payload}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_used_here"
    assert gamma.get(URL).json()["results"][0]["ticket_code"] == ticket.code  # gamma's own scan log
    assert order_of(alpha, co).status == "paid"

    at_alpha = client_for("alpha_clerk", "alpha").post(URL, {"qr": payload, "persons": 1},
                                                       content_type="application/json")
    assert at_alpha.status_code == 201 and at_alpha.json()["share_fen"] == 0
    assert at_alpha.json()["ticket"]["status"] == "used"
    assert order_of(alpha, co).status == "used"
    assert ledger.owed("merchant_payable:alpha") == 4750
    assert ledger.trial_balance() == 0
    assert sorted(JointRedemption.objects.values_list("venue__schema_name", "persons", "share_fen")) == [
        ("alpha", 1, 0), ("gamma", 2, 14250)]
    detail = client_for("alpha_owner", "alpha").get(f"/api/v1/merchant/joint-tickets/{resp.json()['id']}/").json()
    assert len(detail["redemptions"]) == 2

    # T+N: the issuer's split is released, and the venue's share follows it into available.
    assert joint.release_joint_shares() == 0  # issuer not released yet
    release_due(now=timezone.now() + timedelta(days=30))  # also moves the venue shares on
    assert joint.release_joint_shares() == 0
    assert ledger.owed("merchant_available:gamma") == 14250 and ledger.owed("merchant_payable:gamma") == 0
    assert ledger.owed("merchant_available:alpha") == 4750 and ledger.owed("merchant_payable:alpha") == 0
    assert ledger.trial_balance() == 0


def test_share_is_pro_rata_of_persons_and_weights(merchants):
    alpha = merchants["alpha"]
    weights = {"alpha": 1, "gamma": 2}
    full = joint.share_of(issuer=alpha, venue_schema="gamma", amount_fen=30000, weights=weights, persons=3,
                          ticket_persons=3)
    assert full == 19000  # net 28500 · 2/3
    parts = [joint.share_of(issuer=alpha, venue_schema="gamma", amount_fen=30000, weights=weights, persons=p,
                            ticket_persons=3) for p in (1, 2)]
    assert parts == [6333, 12667] and sum(parts) == full
    assert joint.share_of(issuer=alpha, venue_schema="delta", amount_fen=30000, weights=weights, persons=1,
                          ticket_persons=1) == 0


def test_joint_ticket_sold_before_a_venue_change_keeps_its_venues(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    make_merchant("gamma", "scenic", "伽马景区")
    product = catalog.ticket(alpha, name="联票", price=5000, days=(0,), capacity=20)
    created = _configure(client_for, product, [{"merchant": "alpha", "weight": 1}, {"merchant": "gamma", "weight": 1}])
    co = buy(tourist, alpha, product, 1, offset=0)
    patched = client_for("alpha_owner", "alpha").patch(
        f"/api/v1/merchant/joint-tickets/{created.json()['id']}/", {"venues": [{"merchant": "alpha", "weight": 1}]},
        content_type="application/json")
    assert patched.status_code == 200 and [v["merchant"] for v in patched.json()["venues"]] == ["alpha"]
    payload = qr_of(alpha, tickets_of(alpha, co)[0])
    resp = client_for("gamma_owner", "gamma").post(URL, {"qr": payload}, content_type="application/json")
    assert resp.status_code == 201 and resp.json()["share_fen"] == 2375  # (5000 - 250) / 2
