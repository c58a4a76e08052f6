"""Distributor accounts (DST-SEC-01..08): application and review, members with roles and
departments, API keys limited to authorising merchants, alerts, operation log, and the
merchant side of authorisation (contracts mirrored in Distributor.merchants)."""

import pytest

from shared_apps.accounts.models import ApiKey, Distributor, DistributorMember
from shared_apps.distribution.models import DistributorAlert, DistributorContract
from tests.builders.accounts import make_user
from tests.builders.catalog import ticket
from tests.builders.clients import octo
from tests.builders.distribution import key_for, make_distributor

pytestmark = pytest.mark.django_db
APPLY = {"name": "丙国际旅行社", "kind": "agency", "contact_name": "赵经理", "contact_phone": "13800000001",
         "owner_username": "bing_admin", "owner_password": "Strong#Pass1"}


def test_application_review_creates_active_distributor_with_admin(client_for, operator):
    anon = client_for(None)
    made = anon.post("/api/v1/distributor-applications/", APPLY, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "submitted"
    dup = anon.post("/api/v1/distributor-applications/", {**APPLY, "owner_username": "other1"},
                    content_type="application/json")
    assert dup.status_code == 409 and dup.json()["code"] == "application_pending"
    weak = anon.post("/api/v1/distributor-applications/", {**APPLY, "name": "丁", "owner_username": "ding1",
                                                           "owner_password": "123"}, content_type="application/json")
    assert weak.json()["code"] == "password_weak"
    url = f"/api/v1/ops/distributor-applications/{made.json()['id']}/"
    assert client_for("op_reviewer").get("/api/v1/ops/distributor-applications/?status=submitted").json()["count"] == 1
    approved = client_for("op_reviewer").post(url + "approve/", {"note": "资质齐全"}, content_type="application/json")
    assert approved.json()["status"] == "approved"
    assert [e["to"] for e in approved.json()["events"]] == ["submitted", "approved"]
    assert client_for("op_reviewer").post(url + "reject/", {"note": "x"},
                                          content_type="application/json").json()["code"] == "invalid_transition"
    dist = Distributor.objects.get(name="丙国际旅行社")
    assert dist.status == "active" and dist.profile.referral_code
    assert DistributorMember.objects.get(distributor=dist).role == "admin"
    profile = client_for(None)
    assert profile.login(username="bing_admin", password="Strong#Pass1")
    body = profile.get("/api/v1/distributor/profile/").json()
    assert body["name"] == "丙国际旅行社" and body["my_role"] == "admin" and body["deposit_balance_fen"] == 0


def test_reject_needs_a_note_and_tourists_cannot_review(client_for, operator):
    app_id = client_for(None).post("/api/v1/distributor-applications/", APPLY,
                                   content_type="application/json").json()["id"]
    make_user("someone")
    url = f"/api/v1/ops/distributor-applications/{app_id}/reject/"
    assert client_for("someone").post(url, {"note": "no"}, content_type="application/json").status_code == 403
    assert client_for("op_reviewer").post(url, {}, content_type="application/json").json()["code"] == "note_required"
    assert client_for("op_reviewer").post(url, {"note": "资料不全"},
                                          content_type="application/json").json()["status"] == "rejected"
    assert not Distributor.objects.filter(name=APPLY["name"]).exists()


def test_members_departments_and_roles(client_for, dist_a):
    admin = client_for("dst_admin")
    sales = admin.post("/api/v1/distributor/departments/", {"name": "销售部"}, content_type="application/json").json()
    east = admin.post("/api/v1/distributor/departments/", {"name": "华东组", "parent_id": sales["id"]},
                      content_type="application/json").json()
    assert admin.post("/api/v1/distributor/departments/", {"name": "销售部"},
                      content_type="application/json").json()["code"] == "department_exists"
    cycle = admin.patch(f"/api/v1/distributor/departments/{sales['id']}/", {"parent_id": east["id"]},
                        content_type="application/json")
    assert cycle.json()["code"] == "department_cycle"
    agent = admin.post("/api/v1/distributor/members/", {"username": "dst_agent1", "role": "agent",
                                                        "password": "Agent#Pass1", "department_id": east["id"]},
                       content_type="application/json")
    assert agent.status_code == 201 and agent.json()["department_id"] == east["id"]
    tree = admin.get("/api/v1/distributor/departments/").json()
    assert tree[0]["name"] == "销售部" and tree[0]["children"][0]["members"] == 1
    assert admin.delete(f"/api/v1/distributor/departments/{east['id']}/").json()["code"] == "department_not_empty"
    agent_client = client_for(None)
    assert agent_client.login(username="dst_agent1", password="Agent#Pass1")
    assert agent_client.get("/api/v1/distributor/members/").status_code == 200
    denied = agent_client.post("/api/v1/distributor/members/", {"username": "x9", "role": "admin", "password": "p"},
                               content_type="application/json")
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    assert agent_client.get("/api/v1/distributor/api-keys/").status_code == 403
    me = DistributorMember.objects.get(distributor=dist_a, user__username="dst_admin")
    last = admin.patch(f"/api/v1/distributor/members/{me.pk}/", {"role": "agent"}, content_type="application/json")
    assert last.json()["code"] == "last_admin"
    off = admin.patch(f"/api/v1/distributor/members/{agent.json()['id']}/", {"is_active": False},
                      content_type="application/json")
    assert off.json()["is_active"] is False
    assert agent_client.get("/api/v1/distributor/profile/").json()["code"] == "not_a_distributor"


def test_api_keys_scope_only_authorising_merchants_and_secret_shown_once(client_for, alpha, beta, dist_a):
    admin = client_for("dst_admin")
    refused = admin.post("/api/v1/distributor/api-keys/", {"name": "ota", "merchants": ["alpha", "beta"]},
                         content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "merchant_not_authorised"
    assert refused.json()["details"]["merchants"] == ["beta"]
    made = admin.post("/api/v1/distributor/api-keys/", {"name": "ota", "merchants": ["alpha"],
                                                        "rate_limit_per_minute": 120},
                      content_type="application/json").json()
    assert made["api_key"].startswith(f"tpk_{made['prefix']}_") and made["merchants"] == ["alpha"]
    listed = admin.get("/api/v1/distributor/api-keys/").json()
    assert "api_key" not in listed[0] and made["api_key"].split("_")[2] not in str(listed)
    assert ApiKey.objects.get(prefix=made["prefix"]).secret_hash != made["api_key"]
    too_fast = admin.patch(f"/api/v1/distributor/api-keys/{made['prefix']}/", {"rate_limit_per_minute": 10 ** 6},
                           content_type="application/json")
    assert too_fast.json()["code"] == "rate_limit_invalid"
    key_client = client_for(None)
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {made['api_key']}"}
    assert key_client.get("/api/v1/octo/suppliers/", **auth).status_code == 200
    assert key_client.get("/api/v1/distributor/profile/", **auth).json()["code"] == "member_required"
    assert admin.post(f"/api/v1/distributor/api-keys/{made['prefix']}/revoke/").json()["is_active"] is False
    assert key_client.get("/api/v1/octo/suppliers/", **auth).json()["code"] == "api_key_inactive"
    assert {a["kind"] for a in admin.get("/api/v1/distributor/alerts/").json()["results"]} >= {"api_key"}


def test_rate_limited_key_raises_an_alert(client_for, alpha, dist_a):
    _, raw = key_for(dist_a, [alpha], rate=2)
    client = client_for(None)
    codes = [client.get("/api/v1/octo/suppliers/", HTTP_X_API_KEY=raw).status_code for _ in range(4)]
    assert codes[:2] == [200, 200] and codes[-1] == 429
    assert DistributorAlert.objects.filter(distributor=dist_a, kind="rate_limited").count() == 1
    alerts = client_for("dst_admin").get("/api/v1/distributor/alerts/?unread=1").json()["results"]
    read = client_for("dst_admin").post(f"/api/v1/distributor/alerts/{alerts[0]['id']}/read/")
    assert read.status_code == 204


def test_operation_log_shows_member_and_key_actions(client_for, alpha, dist_a):
    admin = client_for("dst_admin")
    admin.post("/api/v1/distributor/departments/", {"name": "财务部"}, content_type="application/json")
    admin.post("/api/v1/distributor/api-keys/", {"name": "k", "merchants": ["alpha"], "secret": "x"},
               content_type="application/json")
    rows = admin.get("/api/v1/distributor/oplog/").json()["results"]
    actions = {r["action"] for r in rows}
    assert "POST /api/v1/distributor/departments/" in actions and "issue_api_key" in actions
    other = make_distributor("无关旅行社", admin="other_admin")
    assert other and client_for("other_admin").get("/api/v1/distributor/oplog/").json()["count"] == 0


def test_suspended_distributor_is_locked_out(client_for, alpha, dist_a, operator):
    _, raw = key_for(dist_a, [alpha])
    client_for("op_reviewer").post(f"/api/v1/ops/distributors/{dist_a.pk}/suspend/", {"note": "违规"},
                                   content_type="application/json")
    assert client_for(None).get("/api/v1/octo/suppliers/", HTTP_X_API_KEY=raw).json()["code"] == "api_key_inactive"
    assert client_for("dst_admin").get("/api/v1/distributor/profile/").json()["code"] == "distributor_suspended"


def test_merchant_authorises_requests_and_revokes(client_for, alpha, operator):
    dist = make_distributor("戊旅行社", admin="wu_admin")
    request = client_for("wu_admin").post("/api/v1/distributor/contracts/", {"merchant": "alpha", "note": "合作"},
                                          content_type="application/json")
    assert request.status_code == 201 and request.json()["status"] == "requested"
    owner = client_for("alpha_owner", "alpha")
    listed = owner.get("/api/v1/merchant/distributors/?status=requested").json()
    assert [c["distributor_name"] for c in listed] == ["戊旅行社"]
    assert client_for("alpha_clerk", "alpha").post(f"/api/v1/merchant/distributors/{listed[0]['id']}/authorise/",
                                                   {}, content_type="application/json").status_code == 403
    done = owner.post(f"/api/v1/merchant/distributors/{listed[0]['id']}/authorise/", {"note": "同意"},
                      content_type="application/json")
    assert done.json()["status"] == "active" and dist.merchants.filter(schema_name="alpha").exists()
    revoked = owner.post(f"/api/v1/merchant/distributors/{listed[0]['id']}/revoke/", {"note": "到期"},
                         content_type="application/json")
    assert revoked.json()["status"] == "revoked" and not dist.merchants.exists()
    assert [e["to"] for e in revoked.json()["events"]] == ["requested", "active", "revoked"]
    again = owner.post("/api/v1/merchant/distributors/", {"distributor_id": dist.pk, "product_ids": []},
                       content_type="application/json")
    assert again.status_code == 201 and dist.merchants.filter(schema_name="alpha").exists()
    assert owner.get("/api/v1/merchant/distributors/directory/").json()[0]["contract_status"] == "active"
    assert DistributorContract.objects.count() == 1
    assert {a.kind for a in dist.alerts.all()} == {"contract"}


def test_merchant_product_scope_limits_what_the_key_sells(client_for, alpha, dist_a):
    first, second = (ticket(alpha, name=name, price=10000, dprice=8000) for name in ("甲", "乙"))
    contract = DistributorContract.objects.get(distributor=dist_a, merchant=alpha)
    scoped = client_for("alpha_owner", "alpha").patch(f"/api/v1/merchant/distributors/{contract.pk}/",
                                                      {"product_ids": [second.pk]}, content_type="application/json")
    assert scoped.json()["product_ids"] == [second.pk]
    _, raw = key_for(dist_a, [alpha])
    assert [p["id"] for p in octo(raw).get("/api/v1/octo/suppliers/alpha/products/").json()] == [second.pk]
    denied = octo(raw).get(f"/api/v1/octo/suppliers/alpha/products/{first.pk}/")
    assert denied.status_code == 404 and denied.json()["code"] == "product_not_found"


def test_api_keys_and_other_merchants_staff_never_reach_merchant_distribution_endpoints(client_for, alpha, beta,
                                                                                        dist_a):

    _, raw = key_for(dist_a, [alpha])
    for path in ("/api/v1/merchant/distributors/", "/api/v1/merchant/distributors/bookings/"):
        assert client_for(None, "alpha").get(path, HTTP_X_API_KEY=raw).status_code == 403
        assert client_for("beta_owner", "alpha").get(path).status_code == 403
    assert client_for("alpha_owner", "alpha").get("/api/v1/merchant/distributors/bookings/").status_code == 200
