"""Redis is not a single point of failure (issue 12): with Redis cut (`redis_cut`: its URL pointed at
a closed port, for the cache, the limiter and the Celery broker), host routing reads the database, pages
and reads keep working, limits fail open except on money-moving writes (payments, checkouts,
withdrawals: 503 rate_limit_unavailable), /healthz reports each dependency with 200 and /readyz
answers 503 when a required one is down."""

import pytest
from django.db import connection

from shared_apps.core import ratelimit
from shared_apps.core.failures import DomainError
from shared_apps.ledger import services as ledger
from tests.builders.accounts import bearer, make_user
from tests.builders.catalog import ticket
from tests.builders.checkout import fund_merchant, fund_wallet
from tests.builders.dates import day
from tests.builders.network import closed_port, cut_redis

pytestmark = pytest.mark.django_db


def test_health_reports_every_dependency_up(client):
    body = client.get("/healthz", HTTP_HOST="localhost").json()
    assert body["status"] == "ok" and body["schema"] == "public"
    assert {name: c["ok"] for name, c in body["checks"].items()} == {"database": True, "redis": True,
                                                                     "celery_broker": True}
    assert client.get("/readyz", HTTP_HOST="localhost").status_code == 200


def test_with_redis_cut_health_is_200_and_says_which_dependency_is_down(merchants, client, redis_cut):
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert {name: c["ok"] for name, c in body["checks"].items()} == {"database": True, "redis": False,
                                                                     "celery_broker": False}
    assert "127.0.0.1" not in response.content.decode()  # the error is named by its type only
    assert client.get("/healthz", HTTP_HOST="beta.localhost").json()["schema"] == "beta"  # routed from the database


def test_readyz_is_503_only_when_a_required_dependency_is_down(merchants, client, redis_cut, settings):
    assert settings.READYZ_REQUIRED == ("database",)
    assert client.get("/readyz", HTTP_HOST="localhost").status_code == 200  # degraded, still serving
    settings.READYZ_REQUIRED = ("database", "redis")
    response = client.get("/readyz", HTTP_HOST="alpha.localhost")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"


def test_with_redis_cut_pages_and_reads_still_work(merchants, client, client_for, redis_cut):
    ticket(merchants["alpha"])
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/api/v1/market/listings/", HTTP_HOST="localhost").status_code == 200
    assert client_for("alpha_owner", "alpha").get("/console/products/").status_code == 200


def test_limits_fail_open_but_money_limits_fail_closed(redis_cut):
    assert [ratelimit.hit("signup:ip:1", 1) for _ in range(3)] == [(True, 0)] * 3
    with pytest.raises(DomainError) as refused:
        ratelimit.hit("pay:user:1", 1, fail_closed=True)
    assert refused.value.code == "rate_limit_unavailable" and refused.value.status_code == 503


def test_with_redis_cut_checkout_and_payment_are_refused_with_a_clear_code(merchants, client, settings):
    alpha = merchants["alpha"]
    t = ticket(alpha)
    tourist = make_user("cut_tourist")
    auth = bearer(tourist)
    placed = client.post("/api/v1/checkouts/", {"items": [{"merchant": "alpha", "product_id": t.pk, "quantity": 1,
                                                           "day": str(day(3))}]},
                         content_type="application/json", HTTP_HOST="localhost", **auth)
    assert placed.status_code == 201, placed.content
    fund_wallet(tourist, 12000)
    cut_redis(settings)
    paid = client.post("/api/v1/payments/", {"checkout_id": placed.json()["id"], "method": "wallet"},
                       content_type="application/json", HTTP_HOST="localhost", **auth)
    assert paid.status_code == 503 and paid.json()["code"] == "rate_limit_unavailable"
    assert paid.json()["message_en"].startswith("The rate limiter is unavailable")
    again = client.post("/api/v1/checkouts/", {"items": [{"merchant": "alpha", "product_id": t.pk, "quantity": 1,
                                                          "day": str(day(3))}]},
                        content_type="application/json", HTTP_HOST="localhost", **auth)
    assert again.status_code == 503 and again.json()["code"] == "rate_limit_unavailable"


def test_with_redis_cut_a_withdrawal_is_refused(merchants, client_for, redis_cut):
    fund_merchant(merchants["alpha"], 10000)
    owner = client_for("alpha_owner", "alpha")
    refused = owner.post("/api/v1/merchant/withdrawals/", {"amount_fen": 100}, content_type="application/json")
    assert refused.status_code == 503 and refused.json()["code"] == "rate_limit_unavailable"
    assert ledger.owed("merchant_available:alpha") == 10000


def test_with_the_database_down_the_probes_still_answer(transactional_db, client):
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        health = client.get("/healthz", HTTP_HOST="beta.localhost")
        ready = client.get("/readyz", HTTP_HOST="beta.localhost")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert health.status_code == 200 and health.json()["checks"]["database"]["ok"] is False
    assert health.json()["checks"]["redis"]["ok"] is True
    assert ready.status_code == 503
