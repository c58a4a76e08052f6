"""Server-rendered pages: the operator console approving a merchant, merchant console pages."""

import pytest

from shared_apps.core.schema_view import CachedSchemaView
from shared_apps.onboarding.models import MerchantApplication
from tenants.models import Merchant
from tests.builders.accounts import make_operator, make_user
from tests.builders.threads import PROVISION_TIMEOUT, wait_for

FORM = {
    "name": "灵山景区", "kind": "scenic", "slug": "lingshan", "legal_name": "灵山旅游有限公司",
    "license_no": "91361100MA0000001", "contact_name": "周经理", "contact_phone": "0793-1234567",
    "address": "上饶市灵山", "owner_username": "lingshan_boss", "owner_password": "Lingshan#2026",
}


def test_apply_page_then_operator_approves_on_console_then_owner_signs_in(live_worker, client_for):
    applicant = client_for()
    assert "商户入驻" in applicant.get("/apply/").content.decode()
    submitted = applicant.post("/apply/", FORM, follow=True)
    assert "等待平台审核" in submitted.content.decode()
    app = MerchantApplication.objects.get(slug="lingshan")

    make_operator("page_reviewer", "reviewer")
    ops = client_for("page_reviewer")
    assert "灵山景区" in ops.get("/ops/applications/?status=submitted").content.decode()
    detail = ops.get(f"/ops/applications/{app.pk}/").content.decode()
    assert "灵山旅游有限公司" in detail
    ops.post(f"/ops/applications/{app.pk}/approve/", {"note": "资料齐全"})
    assert wait_for(lambda: MerchantApplication.objects.get(pk=app.pk).status == "active", PROVISION_TIMEOUT)
    assert "lingshan.localhost" in ops.get(f"/ops/applications/{app.pk}/").content.decode()
    assert "灵山景区" in ops.get("/ops/merchants/").content.decode()

    owner = client_for(None, "lingshan")
    login = owner.post("/accounts/login/", {"username": "lingshan_boss", "password": "Lingshan#2026"})
    assert login.status_code == 302
    assert "灵山景区" in owner.get("/console/").content.decode()


@pytest.mark.django_db
def test_operator_pages_need_an_operator(merchants, client_for):
    make_user("someone")
    assert client_for("someone").get("/ops/").status_code == 403
    assert client_for().get("/ops/").status_code == 302
    make_operator("fin", "finance")
    fin = client_for("fin")
    for path in ("/ops/", "/ops/applications/", "/ops/merchants/", "/ops/core-changes/", "/ops/oplog/"):
        assert fin.get(path).status_code == 200, path
    app_id = client_for().post("/apply/", {**FORM, "slug": "finonly", "owner_username": "fin_b"})
    app = MerchantApplication.objects.get(slug="finonly")
    assert app_id.status_code == 302
    assert fin.post(f"/ops/applications/{app.pk}/approve/").status_code == 403
    assert MerchantApplication.objects.get(pk=app.pk).status == "submitted"


@pytest.mark.django_db
def test_apply_page_shows_service_errors(merchants, client_for):
    page = client_for().post("/apply/", {**FORM, "slug": "alpha"}).content.decode()
    assert "该二级域名已被占用" in page


@pytest.mark.django_db
def test_merchant_console_profile_and_core_change_request(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    assert "阿尔法景区" in owner.get("/console/").content.decode()
    owner.post("/console/profile/", {"action": "profile", "display_name": "阿尔法山", "intro": "云海日出",
                                     "phone": "0792-1"})
    assert owner.get("/api/v1/merchant/profile/").json()["intro"] == "云海日出"
    page = owner.get("/console/profile/").content.decode()
    assert "核心信息变更需平台运营审核后生效" in page
    owner.post("/console/profile/", {"action": "core_change", "category": "bank_account",
                                     "bank_account-bank_name": "农业银行", "bank_account-bank_account_name": "阿尔法",
                                     "bank_account-bank_account_no": "6228480000000001"})
    change = Merchant.objects.get(schema_name="alpha").core_changes.get()
    assert change.status == "pending" and change.payload["bank_name"] == "农业银行"
    assert Merchant.objects.get(schema_name="alpha").bank_name != "农业银行"
    clerk = client_for("alpha_clerk", "alpha")
    assert clerk.post("/console/profile/", {"action": "profile", "display_name": "x"}).status_code == 403


@pytest.mark.django_db
def test_console_staff_page_and_oplog(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    page = owner.get("/console/staff/").content.decode()
    assert "alpha_clerk" in page
    owner.post("/console/profile/", {"action": "profile", "display_name": "阿尔法", "intro": "x"})
    assert "POST /console/profile/" in owner.get("/console/oplog/").content.decode()
    clerk = client_for("alpha_clerk", "alpha")
    assert clerk.get("/console/staff/").status_code == 200  # everyone sees colleagues
    assert clerk.post("/console/staff/", {"username": "x9", "role": "clerk", "password": "Clerk#2026x"}
                      ).status_code == 403


@pytest.mark.django_db
def test_platform_home_lists_merchants_and_register_page(merchants, client_for):
    home = client_for().get("/").content.decode()
    assert "阿尔法景区" in home and "贝塔酒店" in home
    reg = client_for().post("/accounts/register/", {"username": "newbie", "password1": "Newbie#2026",
                                                     "password2": "Newbie#2026", "password": "Newbie#2026"})
    assert reg.status_code in (200, 302)


@pytest.mark.django_db
def test_api_schema_and_offline_docs(merchants, client_for):
    schema = client_for().get("/api/schema/?format=json").json()
    assert "/api/v1/onboarding/applications/" in schema["paths"]
    merchant_schema = client_for(None, "alpha").get("/api/schema/?format=json").json()
    assert "/api/v1/merchant/profile/" in merchant_schema["paths"]
    again = client_for().get("/api/schema/?format=json").json()
    assert again == schema and "/api/v1/merchant/profile/" not in again["paths"]  # one cache entry per URL conf
    assert {key[0] for key in CachedSchemaView._rendered} == {"config.urls_public", "config.urls_tenant"}
    docs = client_for().get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
