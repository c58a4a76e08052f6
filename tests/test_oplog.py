"""Operation log (OPS-ACC-09): every write by staff, operators and distributors; append-only."""

import pytest
from django.db import DatabaseError, transaction

from shared_apps.oplog.models import OperationLog
from tests.builders.accounts import make_operator

pytestmark = pytest.mark.django_db


def test_staff_write_is_logged_with_secrets_scrubbed(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    owner.post("/api/v1/merchant/staff/", {"username": "alpha_new", "role": "clerk", "password": "Secret#2026x"},
               content_type="application/json")
    row = OperationLog.objects.get(action="POST /api/v1/merchant/staff/")
    assert row.actor == "alpha_owner" and row.actor_kind == "staff" and row.schema_name == "alpha"
    assert row.status_code == 201
    assert row.detail["password"] == "***" and row.detail["username"] == "alpha_new"


def test_failed_and_denied_writes_are_logged_too(merchants, client_for):
    clerk = client_for("alpha_clerk", "alpha")
    clerk.patch("/api/v1/merchant/profile/", {"intro": "x"}, content_type="application/json")
    row = OperationLog.objects.get(actor="alpha_clerk")
    assert row.status_code == 403


def test_page_form_writes_are_logged(merchants, client_for):
    client_for("alpha_owner", "alpha").post("/console/profile/", {"display_name": "阿尔法", "intro": "你好"})
    assert OperationLog.objects.filter(actor="alpha_owner", action__startswith="POST /console/profile/").exists()


def test_tourist_writes_are_not_staff_operations(db, client):
    client.post("/api/v1/auth/register/", {"username": "tourist1", "password": "Lushan#2026"},
                content_type="application/json", HTTP_HOST="localhost")
    assert not OperationLog.objects.exists()


def test_operator_decisions_are_logged(merchants, client_for):
    make_operator("rev", "reviewer")
    owner = client_for("alpha_owner", "alpha")
    change_id = owner.post("/api/v1/merchant/core-changes/", {"category": "finance_info", "payload": {"tax_id": "9"}},
                           content_type="application/json").json()["id"]
    client_for("rev").post(f"/api/v1/ops/core-changes/{change_id}/approve/", {}, content_type="application/json")
    assert OperationLog.objects.filter(actor="rev", action="approve_core_change", schema_name="public").exists()
    ops_log = client_for("rev").get("/api/v1/ops/oplog/?actor=rev").json()["results"]
    assert {r["action"] for r in ops_log} >= {"approve_core_change"}


def test_merchant_sees_only_its_own_log(merchants, client_for):
    client_for("beta_owner", "beta").patch("/api/v1/merchant/profile/", {"intro": "beta"},
                                           content_type="application/json")
    client_for("alpha_owner", "alpha").patch("/api/v1/merchant/profile/", {"intro": "alpha"},
                                             content_type="application/json")
    rows = client_for("alpha_owner", "alpha").get("/api/v1/merchant/oplog/").json()["results"]
    assert rows and {r["schema_name"] for r in rows} == {"alpha"}


def test_log_is_append_only(merchants, client_for):
    client_for("alpha_owner", "alpha").patch("/api/v1/merchant/profile/", {"intro": "x"},
                                             content_type="application/json")
    row = OperationLog.objects.first()
    for attempt in (lambda: OperationLog.objects.filter(pk=row.pk).update(actor="forged"),
                    lambda: OperationLog.objects.filter(pk=row.pk).delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert OperationLog.objects.get(pk=row.pk).actor == "alpha_owner"
