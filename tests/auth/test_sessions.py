"""Refresh tokens rotate and work once; login sessions are listed and revocable (OPS-ACC-08)."""

import pytest
from django.test import Client

from tests.builders.accounts import PASSWORD, make_user
from tests.builders.clients import post

pytestmark = pytest.mark.django_db


def tokens_for(client, username, agent="TestPhone/1.0"):
    response = post(client, "/api/v1/auth/token/", {"username": username, "password": PASSWORD},
                    HTTP_HOST="localhost", HTTP_USER_AGENT=agent)
    assert response.status_code == 200, response.content
    return response.json()


def refresh(client, token):
    return post(client, "/api/v1/auth/token/refresh/", {"refresh": token}, HTTP_HOST="localhost")


def me(client, access):
    return client.get("/api/v1/me/", HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {access}")


def test_a_refresh_token_works_once_and_its_reuse_ends_the_session(client):
    make_user("rot_tourist")
    first = tokens_for(client, "rot_tourist")
    second = refresh(client, first["refresh"])
    assert second.status_code == 200
    assert second.json()["refresh"] != first["refresh"]
    replay = refresh(client, first["refresh"])
    assert replay.status_code == 401 and replay.json()["code"] == "token_not_valid"
    # the replay means the token leaked: the whole chain stops, the newest tokens included
    assert refresh(client, second.json()["refresh"]).status_code == 401
    assert me(client, second.json()["access"]).status_code == 401


def test_a_tourist_lists_and_revokes_an_app_session(client):
    make_user("sess_tourist")
    phone = tokens_for(client, "sess_tourist", agent="Phone")
    tablet = tokens_for(client, "sess_tourist", agent="Tablet")
    listed = client.get("/api/v1/auth/sessions/", HTTP_HOST="localhost",
                        HTTP_AUTHORIZATION=f"Bearer {phone['access']}").json()
    assert {s["user_agent"]: s["current"] for s in listed} == {"Phone": True, "Tablet": False}
    tablet_id = next(s["id"] for s in listed if s["user_agent"] == "Tablet")
    revoked = post(client, f"/api/v1/auth/sessions/{tablet_id}/revoke/", HTTP_HOST="localhost",
                   HTTP_AUTHORIZATION=f"Bearer {phone['access']}")
    assert revoked.status_code == 200
    assert me(client, tablet["access"]).status_code == 401
    assert refresh(client, tablet["refresh"]).status_code == 401
    assert me(client, phone["access"]).status_code == 200


def test_nobody_revokes_another_users_session(client):
    make_user("sess_a"), make_user("sess_b")
    a, b = tokens_for(client, "sess_a"), tokens_for(client, "sess_b")
    b_id = client.get("/api/v1/auth/sessions/", HTTP_HOST="localhost",
                      HTTP_AUTHORIZATION=f"Bearer {b['access']}").json()[0]["id"]
    refused = post(client, f"/api/v1/auth/sessions/{b_id}/revoke/", HTTP_HOST="localhost",
                   HTTP_AUTHORIZATION=f"Bearer {a['access']}")
    assert refused.status_code == 404
    assert me(client, b["access"]).status_code == 200


def login_page(username, agent):
    browser = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=agent)
    assert browser.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return browser


def test_a_console_user_ends_another_browser_from_the_security_page(merchants):
    office, laptop = login_page("alpha_owner", "OfficePC"), login_page("alpha_owner", "Laptop")
    page = office.get("/accounts/security/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "OfficePC" in html and "Laptop" in html and "当前会话" in html
    laptop_row = page.context["sessions"][[s.user_agent for s in page.context["sessions"]].index("Laptop")]
    assert office.post(f"/accounts/security/sessions/{laptop_row.pk}/revoke/").status_code == 302
    assert "_auth_user_id" not in laptop.session
    assert laptop.get("/console/", HTTP_HOST="alpha.localhost").status_code == 302  # back to the login
    assert office.get("/accounts/security/").status_code == 200


def test_revoke_others_keeps_the_current_session(client):
    make_user("sess_all")
    keep, other = tokens_for(client, "sess_all"), tokens_for(client, "sess_all")
    browser = login_page("sess_all", "Browser")
    ended = post(client, "/api/v1/auth/sessions/revoke-others/", HTTP_HOST="localhost",
                 HTTP_AUTHORIZATION=f"Bearer {keep['access']}")
    assert ended.json() == {"revoked": 2}
    assert me(client, other["access"]).status_code == 401
    assert "_auth_user_id" not in browser.session
    assert me(client, keep["access"]).status_code == 200


def test_the_security_page_is_chinese_by_default_and_english_on_request(client):
    make_user("sess_lang")
    browser = login_page("sess_lang", "Browser")
    assert "登录会话" in browser.get("/accounts/security/").content.decode()
    english = browser.get("/accounts/security/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Account security" in english and "Login sessions" in english and "This session" in english


def test_the_h5_me_page_links_to_the_security_page(client):
    make_user("sess_h5")
    browser = login_page("sess_h5", "Phone")
    assert 'href="/accounts/security/"' in browser.get("/me/").content.decode()
