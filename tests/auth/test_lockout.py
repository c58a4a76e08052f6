"""Brute-force protection of the password logins (issue 12, OPS-ACC-08): per account and per address,
progressive lockout in Redis, `login_locked` (429) with the wait, an alert to the account."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from shared_apps.fulfilment.models import Notification
from tests.builders.accounts import PASSWORD, make_user
from tests.builders.clients import post

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"


def token(client, username, password, **extra):
    return post(client, TOKEN, {"username": username, "password": password}, HTTP_HOST="localhost", **extra)


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused_too(client):
    user = make_user("bf_tourist")
    for _ in range(4):
        assert token(client, "bf_tourist", "wrong-password").status_code == 401
    locked = token(client, "bf_tourist", "wrong-password")
    assert locked.status_code == 429
    body = locked.json()
    assert body["code"] == "login_locked" and body["details"]["retry_after"] == 60
    assert "60" in body["message"] and "60" in body["message_en"]
    right = token(client, "bf_tourist", PASSWORD)
    assert right.status_code == 429 and right.json()["code"] == "login_locked"
    alert = Notification.objects.get(user=user, kind="login_locked")
    assert "锁定" in alert.title and alert.link == "/accounts/security/"


@pytest.mark.clock
def test_the_lock_doubles_each_time_and_a_success_resets_the_account(client):
    make_user("bf_double")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            first = token(client, "bf_double", "nope")
        assert first.json()["details"]["retry_after"] == 60
        clock.shift(timedelta(seconds=61))
        for _ in range(5):
            second = token(client, "bf_double", "nope")
        assert second.json()["details"]["retry_after"] == 120
        clock.shift(timedelta(seconds=121))
        assert token(client, "bf_double", PASSWORD).status_code == 200  # lock over: resets count and level
        for _ in range(4):
            assert token(client, "bf_double", "nope").status_code == 401
        assert token(client, "bf_double", PASSWORD).status_code == 200
        for _ in range(4):
            assert token(client, "bf_double", "nope").status_code == 401  # counting restarted at zero
        assert token(client, "bf_double", "nope").json()["details"]["retry_after"] == 60


def test_one_address_spraying_many_accounts_is_locked(client, settings):
    settings.LOGIN_PROTECTION = {**settings.LOGIN_PROTECTION, "ip_failures": 6}
    for n in range(5):
        assert token(client, f"spray{n}", "guess", REMOTE_ADDR="203.0.113.9").status_code == 401
    locked = token(client, "spray5", "guess", REMOTE_ADDR="203.0.113.9")
    assert locked.status_code == 429 and locked.json()["code"] == "login_locked"
    make_user("elsewhere")
    assert token(client, "elsewhere", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_the_console_login_page_locks_with_the_same_message():
    make_user("bf_page")
    browser = Client(HTTP_HOST="localhost")
    for _ in range(4):
        page = browser.post("/accounts/login/", {"username": "bf_page", "password": "wrong"})
        assert page.status_code == 200 and "用户名或密码错误" in page.content.decode()
    page = browser.post("/accounts/login/", {"username": "bf_page", "password": "wrong"})
    assert page.status_code == 429 and "登录失败次数过多，请 60 秒后再试" in page.content.decode()
    page = browser.post("/accounts/login/", {"username": "bf_page", "password": PASSWORD})
    assert page.status_code == 429 and "登录失败次数过多" in page.content.decode()
    assert "_auth_user_id" not in browser.session


def test_with_redis_cut_the_login_still_works_and_a_session_token_is_checked_in_the_database(client, redis_cut):
    make_user("bf_no_redis")
    assert token(client, "bf_no_redis", "wrong").status_code == 401
    tokens = token(client, "bf_no_redis", PASSWORD)
    assert tokens.status_code == 200
    me = client.get("/api/v1/me/", HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    assert me.status_code == 200
