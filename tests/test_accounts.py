import pytest

from shared_apps.accounts.models import ApiKey
from shared_apps.accounts.services import issue_api_key, revoke_api_key
from tests.builders.distribution import make_distributor

pytestmark = pytest.mark.django_db


def register(client, **body):
    return client.post("/api/v1/auth/register/", body, content_type="application/json", HTTP_HOST="localhost")


def test_tourist_signs_up_gets_jwt_and_reads_profile(client):
    created = register(client, username="xiaoming", password="Lushan#2026", phone="13800000001")
    assert created.status_code == 201, created.content
    assert created.json()["kinds"] == ["tourist"]
    tokens = client.post("/api/v1/auth/token/", {"username": "xiaoming", "password": "Lushan#2026"},
                         content_type="application/json", HTTP_HOST="localhost").json()
    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {tokens['access']}", HTTP_HOST="localhost")
    assert me.status_code == 200
    assert me.json()["username"] == "xiaoming"
    refreshed = client.post("/api/v1/auth/token/refresh/", {"refresh": tokens["refresh"]},
                            content_type="application/json", HTTP_HOST="localhost")
    assert "access" in refreshed.json()


def test_signup_errors_have_stable_codes(client):
    assert register(client, username="a1", password="x").json()["code"] == "invalid"
    weak = register(client, username="abc", password="12345678")
    assert weak.status_code == 400 and weak.json()["code"] == "password_weak"
    register(client, username="dupe", password="Lushan#2026")
    dup = register(client, username="dupe", password="Lushan#2026")
    assert dup.status_code == 409 and dup.json()["code"] == "username_taken"
    assert dup.json()["message"] and dup.json()["message_en"]


def test_wrong_password_token_is_401_with_code(client):
    register(client, username="lihua", password="Lushan#2026")
    bad = client.post("/api/v1/auth/token/", {"username": "lihua", "password": "nope"},
                      content_type="application/json", HTTP_HOST="localhost")
    assert bad.status_code == 401
    assert bad.json()["code"] == "no_active_account"


def test_api_key_is_stored_hashed_and_revocable(merchants, client):
    dist = make_distributor(merchants=[merchants["alpha"]])
    key, raw = issue_api_key(distributor=dist, name="k", merchants=[merchants["alpha"]])
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw.split("_")[2] not in stored.secret_hash and len(stored.secret_hash) == 64
    ok = client.get("/api/v1/distributor/merchants/", HTTP_X_API_KEY=raw, HTTP_HOST="localhost")
    assert ok.status_code == 200
    revoke_api_key(api_key=stored)
    revoked = client.get("/api/v1/distributor/merchants/", HTTP_X_API_KEY=raw, HTTP_HOST="localhost")
    assert revoked.status_code == 401 and revoked.json()["code"] == "api_key_inactive"


def test_bad_api_key_codes(db, client):
    malformed = client.get("/api/v1/distributor/merchants/", HTTP_X_API_KEY="garbage", HTTP_HOST="localhost")
    assert malformed.status_code == 401 and malformed.json()["code"] == "api_key_invalid"
    unknown = client.get("/api/v1/distributor/merchants/", HTTP_X_API_KEY="tpk_deadbeef_nothing",
                         HTTP_HOST="localhost")
    assert unknown.status_code == 401 and unknown.json()["code"] == "api_key_invalid"


def test_api_key_rate_limit_in_redis(merchants, client):
    dist = make_distributor(merchants=[merchants["alpha"]])
    _, raw = issue_api_key(distributor=dist, name="slow", merchants=[merchants["alpha"]], rate_limit_per_minute=3)
    codes = [client.get("/api/v1/distributor/merchants/", HTTP_X_API_KEY=raw, HTTP_HOST="localhost").status_code
             for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
    limited = client.get("/api/v1/distributor/merchants/", HTTP_X_API_KEY=raw, HTTP_HOST="localhost")
    assert limited.json()["code"] == "rate_limited" and int(limited["Retry-After"]) > 0


def test_staff_roles_owner_adds_clerk_clerk_cannot(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    added = owner.post("/api/v1/merchant/staff/", {"username": "alpha_scanner", "role": "scanner",
                                                   "password": "Scan#2026x"}, content_type="application/json")
    assert added.status_code == 201, added.content
    again = owner.post("/api/v1/merchant/staff/", {"username": "alpha_scanner", "role": "scanner"},
                       content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_staff"
    clerk = client_for("alpha_clerk", "alpha")
    denied = clerk.post("/api/v1/merchant/staff/", {"username": "x2", "role": "clerk", "password": "Scan#2026x"},
                        content_type="application/json")
    assert denied.status_code == 403
    assert clerk.get("/api/v1/merchant/staff/").status_code == 200
    scanner = client_for(None, "alpha")
    assert scanner.login(username="alpha_scanner", password="Scan#2026x")
    assert scanner.get("/console/").status_code == 200


def test_owner_cannot_be_removed_without_review(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    staff = owner.get("/api/v1/merchant/staff/").json()
    owner_row = next(s for s in staff if s["role"] == "owner")
    response = owner.delete(f"/api/v1/merchant/staff/{owner_row['id']}/")
    assert response.status_code == 409 and response.json()["code"] == "owner_locked"
