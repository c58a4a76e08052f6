"""Core info (admin account, bank account, finance info) changes only after operator review."""

import pytest

from tenants.models import Merchant
from tests.builders.accounts import make_operator, make_user

pytestmark = pytest.mark.django_db

BANK = {"bank_name": "工商银行九江分行", "bank_account_name": "阿尔法景区有限公司",
        "bank_account_no": "6222020000000009"}


def request_change(client, category, payload):
    return client.post("/api/v1/merchant/core-changes/", {"category": category, "payload": payload},
                       content_type="application/json")


def test_bank_change_waits_for_review_then_applies(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    before = owner.get("/api/v1/merchant/core-info/").json()
    created = request_change(owner, "bank_account", BANK)
    assert created.status_code == 201, created.content
    change_id = created.json()["id"]
    assert owner.get("/api/v1/merchant/core-info/").json() == before  # nothing changed yet
    assert Merchant.objects.get(schema_name="alpha").bank_account_no != BANK["bank_account_no"]

    make_operator("rev", "reviewer")
    ops = client_for("rev")
    pending = ops.get("/api/v1/ops/core-changes/?status=pending").json()["results"]
    assert [c["id"] for c in pending] == [change_id]
    approved = ops.post(f"/api/v1/ops/core-changes/{change_id}/approve/", {"note": "已核对开户许可证"},
                        content_type="application/json")
    assert approved.status_code == 200, approved.content
    after = owner.get("/api/v1/merchant/core-info/").json()
    assert after["bank_account_no"] == BANK["bank_account_no"]
    history = owner.get("/api/v1/merchant/core-changes/").json()[0]
    assert [e["to_status"] for e in history["events"]] == ["pending", "approved"]
    assert history["previous"]["bank_account_no"] == before["bank_account_no"]


def test_rejected_change_leaves_data_and_needs_reason(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    change_id = request_change(owner, "finance_info", {"tax_id": "X1", "invoice_title": "新抬头",
                                                       "legal_name": "新公司"}).json()["id"]
    make_operator("rev", "reviewer")
    ops = client_for("rev")
    assert ops.post(f"/api/v1/ops/core-changes/{change_id}/reject/", {}, content_type="application/json"
                    ).json()["code"] == "note_required"
    assert ops.post(f"/api/v1/ops/core-changes/{change_id}/reject/", {"note": "税号不符"},
                    content_type="application/json").status_code == 200
    assert Merchant.objects.get(schema_name="alpha").tax_id != "X1"


def test_one_pending_change_per_category(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    assert request_change(owner, "bank_account", BANK).status_code == 201
    second = request_change(owner, "bank_account", BANK)
    assert second.status_code == 409 and second.json()["code"] == "change_pending"
    assert request_change(owner, "finance_info", {"tax_id": "T"}).status_code == 201


def test_only_owner_requests_core_changes(merchants, client_for):
    assert request_change(client_for("alpha_clerk", "alpha"), "bank_account", BANK).status_code == 403


def test_invalid_payloads(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    empty = request_change(owner, "bank_account", {"unrelated": "x"})
    assert empty.status_code == 400 and empty.json()["code"] == "payload_invalid"
    nobody = request_change(owner, "admin_account", {"admin_username": "ghost"})
    assert nobody.status_code == 400 and nobody.json()["code"] == "user_not_found"
    bad_cat = request_change(owner, "nickname", {"x": "y"})
    assert bad_cat.status_code == 400 and bad_cat.json()["code"] == "invalid"


def test_admin_account_switch_moves_ownership(merchants, client_for):
    make_user("alpha_new_boss")
    owner = client_for("alpha_owner", "alpha")
    change_id = request_change(owner, "admin_account", {"admin_username": "alpha_new_boss"}).json()["id"]
    make_operator("rev", "reviewer")
    client_for("rev").post(f"/api/v1/ops/core-changes/{change_id}/approve/", {}, content_type="application/json")
    alpha = Merchant.objects.get(schema_name="alpha")
    assert alpha.admin_user.username == "alpha_new_boss"
    roles = {m.user.username: m.role for m in alpha.memberships.select_related("user")}
    assert roles["alpha_new_boss"] == "owner" and roles["alpha_owner"] == "manager"
    assert client_for("alpha_new_boss", "alpha").get("/console/").status_code == 200
