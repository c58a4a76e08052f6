"""Regression tests for what the fuzz run (tests/fuzz/run.py) found: each one was a 500 or a
response that did not match the schema."""

import json
import socket

import pytest

from shared_apps.distribution.services.finance import submit_topup
from shared_apps.fulfilment.services import notify
from shared_apps.payments.gateways import sandbox_settings
from tests.builders.accounts import bearer, make_operator, make_user
from tests.builders.distribution import make_distributor

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture
def finance(client):
    headers = bearer(make_operator("fz_finance", role="finance"))
    return lambda method, path, body=None: getattr(client, method)(path, json.dumps(body), HTTP_HOST="localhost",
                                                                  content_type="application/json", **headers)


@pytest.mark.parametrize("body", [[], "x", 1, None, {"gateway": "wechat", "day": 5}, {"gateway": "wechat",
                                                                                       "day": "05-01"}])
def test_reconciliation_refuses_a_malformed_body_with_a_code(finance, body):
    resp = finance("post", "/api/v1/ops/reconciliation/", body)
    assert resp.status_code == 400
    assert resp.json()["code"] in ("gateway_invalid", "date_invalid")


def test_reconciliation_with_the_gateway_down_is_a_502_not_a_500(finance, settings, tmp_path):
    settings.PAYMENT_GATEWAYS = sandbox_settings(f"http://127.0.0.1:{closed_port()}", str(tmp_path))
    resp = finance("post", "/api/v1/ops/reconciliation/", {"gateway": "wechat", "day": "2026-01-05"})
    assert (resp.status_code, resp.json()["code"]) == (502, "gateway_unavailable")


def test_a_level_above_100_percent_is_refused_before_the_database(finance):
    body = {"code": "gold", "name": "金牌", "rank": 3, "commission_bps": 10_001, "min_sales_fen": 0}
    resp = finance("post", "/api/v1/ops/distributor-levels/", body)
    assert resp.status_code == 400
    assert "commission_bps" in resp.json()["details"]


def test_a_topup_rejection_note_past_its_column_is_a_400(finance):
    dist = make_distributor("fz 旅行社")
    topup = submit_topup(distributor=dist, actor="t", amount_fen=100, bank_txn_no="TXN1")
    resp = finance("post", f"/api/v1/ops/distributor-topups/{topup.pk}/reject/", {"note": "x" * 201})
    assert resp.status_code == 400
    assert "note" in resp.json()["details"]


def test_a_members_topups_and_withdrawals_are_pages_as_documented(client):
    dist = make_distributor("fz 旅行社2", admin="fz_member")
    submit_topup(distributor=dist, actor="fz_member", amount_fen=100, bank_txn_no="TXN2")
    headers = bearer(make_user("fz_member"))
    for path in ("/api/v1/distributor/finance/topups/", "/api/v1/distributor/finance/withdrawals/"):
        resp = client.get(path, HTTP_HOST="localhost", **headers)  # conftest checks the body against the schema
        assert resp.status_code == 200 and "results" in resp.json()


@pytest.mark.django_db(transaction=True)  # a request runs in autocommit: no test transaction around it
def test_a_tourist_marks_a_notification_read(client):
    tourist = make_user("fz_reader")
    note = notify(user_id=tourist.pk, kind="order_paid", title="已支付", body="订单已支付", link="/me/orders/",
                  dedupe_key="fz:1")
    resp = client.post(f"/api/v1/me/notifications/{note.pk}/read/", HTTP_HOST="localhost", **bearer(tourist))
    assert resp.status_code == 200 and resp.json()["read_at"]
