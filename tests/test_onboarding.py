"""Application -> operator review -> schema provisioned by a real Celery worker -> owner console."""

import threading

import pytest
from django.db import connection

from shared_apps.core.failures import DomainError
from shared_apps.onboarding import services
from shared_apps.onboarding.models import MerchantApplication
from tenants.models import Domain, Merchant
from tests.builders.accounts import make_operator
from tests.builders.threads import PROVISION_TIMEOUT, wait_for

APPLICATION = {
    "name": "龙虎山景区", "kind": "scenic", "slug": "longhu", "legal_name": "龙虎山旅游发展有限公司",
    "license_no": "91360600MA35XXXX01", "contact_name": "张经理", "contact_phone": "0701-6666666",
    "address": "鹰潭市龙虎山镇", "bank_name": "建设银行", "bank_account_name": "龙虎山旅游发展有限公司",
    "bank_account_no": "6227000000000001", "tax_id": "91360600MA35XXXX01", "invoice_title": "龙虎山旅游",
    "owner_username": "longhu_boss", "owner_password": "Dragon#Tiger9",
}


def apply(client, **overrides):
    return client.post("/api/v1/onboarding/applications/", {**APPLICATION, **overrides},
                       content_type="application/json", HTTP_HOST="localhost")


def test_full_onboarding_through_api_and_celery(live_worker, client, client_for):
    submitted = apply(client)
    assert submitted.status_code == 201, submitted.content
    app_id = submitted.json()["id"]
    assert submitted.json()["status"] == "submitted"
    assert not Merchant.objects.filter(schema_name="longhu").exists()

    make_operator("op1", "reviewer")
    ops = client_for("op1")
    approved = ops.post(f"/api/v1/ops/applications/{app_id}/approve/", {"note": "资质齐全"},
                        content_type="application/json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] in ("approved", "active")

    assert wait_for(lambda: MerchantApplication.objects.get(pk=app_id).status == "active", PROVISION_TIMEOUT), \
        MerchantApplication.objects.get(pk=app_id).events.values_list("to_status", "reason")
    merchant = Merchant.objects.get(schema_name="longhu")
    assert Domain.objects.get(tenant=merchant).domain == "longhu.localhost"
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM information_schema.tables WHERE table_schema='longhu' "
                    "AND table_name='storefront_storeprofile'")
        assert cur.fetchone()
    events = list(MerchantApplication.objects.get(pk=app_id).events.values_list("to_status", flat=True))
    assert events == ["submitted", "approved", "active"]

    owner = client_for(None, "longhu")
    assert owner.login(username="longhu_boss", password="Dragon#Tiger9")
    console = owner.get("/console/")
    assert console.status_code == 200
    assert "龙虎山景区" in console.content.decode()
    assert owner.get("/api/v1/merchant/profile/").json()["display_name"] == "龙虎山景区"


def test_provisioning_is_idempotent(transactional_db, client, client_for):

    app_id = apply(client, slug="gegong", owner_username="gegong_boss").json()["id"]
    reviewer = make_operator("op2", "reviewer")
    services.approve_application(application_id=app_id, reviewer=reviewer)  # task queued, no worker here
    first = services.provision_merchant(application_id=app_id)
    second = services.provision_merchant(application_id=app_id)
    assert first.pk == second.pk
    assert Merchant.objects.filter(schema_name="gegong").count() == 1


@pytest.mark.django_db
def test_reject_needs_reason_and_is_final(client, client_for):
    app_id = apply(client, slug="reject1", owner_username="rej_boss").json()["id"]
    make_operator("op3", "reviewer")
    ops = client_for("op3")
    no_reason = ops.post(f"/api/v1/ops/applications/{app_id}/reject/", {}, content_type="application/json")
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "note_required"
    rejected = ops.post(f"/api/v1/ops/applications/{app_id}/reject/", {"note": "营业执照过期"},
                        content_type="application/json")
    assert rejected.json()["status"] == "rejected"
    again = ops.post(f"/api/v1/ops/applications/{app_id}/approve/", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    # A rejected slug may be applied for again.
    assert apply(client, slug="reject1", owner_username="rej_boss2").status_code == 201


@pytest.mark.django_db
def test_only_reviewers_approve(client, client_for, merchants):
    app_id = apply(client, slug="perm1", owner_username="perm_boss").json()["id"]
    make_operator("op_fin", "finance")
    assert client_for("op_fin").post(f"/api/v1/ops/applications/{app_id}/approve/").status_code == 403
    assert client_for("op_fin").get("/api/v1/ops/applications/").status_code == 200
    assert client_for("alpha_owner").get("/api/v1/ops/applications/").status_code == 403
    assert client.get("/api/v1/ops/applications/", HTTP_HOST="localhost").status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("slug,code", [("ab", "slug_invalid"), ("Bad-Slug", "slug_invalid"), ("public", "slug_invalid"),
                                       ("pg_x", "slug_invalid"), ("alpha", "slug_taken")])
def test_bad_slugs(client, merchants, slug, code):
    response = apply(client, slug=slug, owner_username=f"u_{abs(hash(slug))}")
    assert response.status_code in (400, 409)
    assert response.json()["code"] == code


@pytest.mark.django_db
def test_missing_fields_are_listed(client):
    response = client.post("/api/v1/onboarding/applications/", {"name": "x"}, content_type="application/json",
                           HTTP_HOST="localhost")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "slug" in body["details"]


def test_concurrent_applications_for_one_slug_one_wins(transactional_db):

    results, barrier = [], threading.Barrier(6)

    def worker(i):
        try:
            barrier.wait()
            fields = {k: v for k, v in APPLICATION.items() if k != "owner_password"}
            services.submit_application(owner_password="Dragon#Tiger9", **{**fields, "slug": "racer",
                                                                             "owner_username": f"racer{i}"})
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    assert results.count("slug_taken") == 5
    assert MerchantApplication.objects.filter(slug="racer").count() == 1
