"""TOTP two-factor (issue 12): staff turn it on from the console (QR code, confirmed with a code),
then every login asks for the code; operators must have it where OPERATOR_TOTP_REQUIRED is on."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client

from tests.builders.accounts import PASSWORD, make_operator, make_user
from tests.builders.clients import post

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
MOMENT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def browser_login(username):
    browser = Client(HTTP_HOST="localhost")
    return browser, browser.post("/accounts/login/", {"username": username, "password": PASSWORD})


def staff_token(client, username, **body):
    return post(client, "/api/v1/ops/auth/token/", {"username": username, "password": PASSWORD, **body},
                HTTP_HOST="localhost")


def test_staff_turn_two_factor_on_and_then_the_login_asks_for_the_code(client, merchants):
    owner = make_user("alpha_owner")
    with time_machine.travel(MOMENT, tick=False) as clock:
        browser, _ = browser_login("alpha_owner")
        assert browser.get("/accounts/login/two-factor/")["Location"] == "/accounts/security/two-factor/"
        setup = browser.get("/accounts/security/two-factor/")
        assert setup.status_code == 200 and "<svg" in setup.content.decode()
        owner.refresh_from_db()
        totp = pyotp.TOTP(owner.totp_secret)
        stale = totp.at(MOMENT - timedelta(hours=1))
        wrong = browser.post("/accounts/security/two-factor/", {"action": "confirm", "code": stale})
        assert "两步验证码错误" in wrong.content.decode()
        done = browser.post("/accounts/security/two-factor/", {"action": "confirm", "code": totp.now()})
        assert done.status_code == 302 and done["Location"] == "/accounts/security/"
        owner.refresh_from_db()
        assert owner.has_totp

        clock.shift(timedelta(seconds=60))
        fresh, step_one = browser_login("alpha_owner")
        assert step_one.status_code == 302 and step_one["Location"] == "/accounts/login/otp/"
        assert "_auth_user_id" not in fresh.session  # the password alone logs nobody in
        refused = fresh.post("/accounts/login/otp/", {"code": stale})
        assert "两步验证码错误" in refused.content.decode() and "_auth_user_id" not in fresh.session
        code = totp.now()
        assert fresh.post("/accounts/login/otp/", {"code": code}).status_code == 302
        assert fresh.session["_auth_user_id"] == str(owner.pk)

        without = staff_token(client, "alpha_owner")
        assert without.status_code == 401 and without.json()["code"] == "otp_required"
        replayed = staff_token(client, "alpha_owner", otp=code)
        assert replayed.status_code == 401 and replayed.json()["code"] == "otp_invalid"  # a code works once
        clock.shift(timedelta(seconds=30))
        assert staff_token(client, "alpha_owner", otp=totp.now()).status_code == 200


def test_wrong_codes_count_towards_the_lock(client, merchants):
    owner = make_user("alpha_owner")
    with time_machine.travel(MOMENT, tick=False):
        owner.totp_secret, owner.totp_confirmed_at = pyotp.random_base32(), MOMENT
        owner.save()
        for _ in range(4):
            assert staff_token(client, "alpha_owner", otp="000000").json()["code"] == "otp_invalid"
        locked = staff_token(client, "alpha_owner", otp="000000")
        assert locked.status_code == 429 and locked.json()["code"] == "login_locked"
        assert staff_token(client, "alpha_owner", otp=pyotp.TOTP(owner.totp_secret).now()).status_code == 429


def test_operators_must_set_it_up_when_the_setting_says_so(client, settings):
    settings.OPERATOR_TOTP_REQUIRED = True
    operator = make_operator("op_root", role="super_admin")
    make_user("plain_tourist")
    with time_machine.travel(MOMENT, tick=False):
        refused = staff_token(client, "op_root")
        assert refused.status_code == 403 and refused.json()["code"] == "otp_setup_required"
        browser, step_one = browser_login("op_root")
        assert step_one["Location"] == "/accounts/login/two-factor/"
        assert "_auth_user_id" not in browser.session
        page = browser.get("/accounts/login/two-factor/")
        assert "运营账号必须启用两步验证" in page.content.decode()
        operator.refresh_from_db()
        done = browser.post("/accounts/login/two-factor/", {"action": "confirm",
                                                             "code": pyotp.TOTP(operator.totp_secret).now()})
        assert done.status_code == 302 and browser.session["_auth_user_id"] == str(operator.pk)
        assert post(client, "/api/v1/auth/token/", {"username": "plain_tourist", "password": PASSWORD},
                    HTTP_HOST="localhost").status_code == 200  # tourists are not asked


def test_the_setting_is_off_in_dev_and_test_and_on_in_production():
    assert django_settings.OPERATOR_TOTP_REQUIRED is False
    prod = Path(django_settings.BASE_DIR, "config/settings/prod.py").read_text()
    assert "OPERATOR_TOTP_REQUIRED = True" in prod
