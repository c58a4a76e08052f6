"""Content-Security-Policy: every response carries it, form-action lets the pay form reach the
gateway's cashier, and no template needs 'unsafe-inline' (the browser side: tests/e2e/conftest.py
fails a journey on any violation)."""

import re
from pathlib import Path

import pytest

from shared_apps.core.csp import DEFAULT_POLICY, build_policy
from shared_apps.payments.gateways import cashier_origins
from tests.builders.accounts import make_user

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(p for base in ("templates", "shared_apps", "tenant_apps") for p in (ROOT / base).rglob("*.html")
                   if "templates" in p.parts)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (d.split() for d in header.split(";"))}


def test_policy_has_the_required_directives():
    policy = {name: sources for name, *sources in (d.split() for d in build_policy(DEFAULT_POLICY).split(";"))}
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in build_policy(DEFAULT_POLICY)
    assert "'unsafe-eval'" not in build_policy(DEFAULT_POLICY)


@pytest.mark.django_db
@pytest.mark.parametrize("slug,path", [(None, "/"), (None, "/accounts/login/"), (None, "/no-such-page/"),
                                       (None, "/api/docs/"), (None, "/healthz"), ("alpha", "/accounts/login/"),
                                       ("alpha", "/console/"), ("alpha", "/api/v1/merchant/profile/")])
def test_every_response_carries_the_policy(merchants, client_for, slug, path):
    response = client_for(None, slug).get(path)
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"], path
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_console_page_of_a_signed_in_user_carries_the_policy(merchants, client_for):
    make_user("csp_tourist")
    response = client_for("csp_tourist").get("/me/")
    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_form_action_lets_the_pay_form_redirect_to_the_sandbox_cashier(client, settings):
    settings.PAYMENT_GATEWAYS = None
    settings.PAYMENT_USE_SANDBOX = True
    settings.PAYMENT_SANDBOX_URL = "http://127.0.0.1:18555"
    assert directives(client.get("/"))["form-action"] == ["'self'", "http://127.0.0.1:18555"]


def test_form_action_origins_follow_the_configured_gateways(settings):
    settings.PAYMENT_GATEWAYS = {"wechat": {"base_url": "http://127.0.0.1:9/"},
                                 "alipay": {"gateway_url": "http://127.0.0.1:9/alipay/gateway.do"}}
    assert cashier_origins() == ["http://127.0.0.1:9"]
    settings.PAYMENT_GATEWAYS = {"wechat": {"mchid": "1"}, "alipay": {"app_id": "2"}}  # production hosts
    assert cashier_origins() == ["https://wx.tenpay.com", "https://openapi.alipay.com", "https://*.alipay.com"]
    settings.PAYMENT_GATEWAYS, settings.PAYMENT_USE_SANDBOX = None, False
    assert cashier_origins() == []


INLINE = [
    ("inline <script>", re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)),
    ("<style> element", re.compile(r"<style[\s>]", re.I)),
    ("style attribute", re.compile(r"\sstyle\s*=", re.I)),
    ("event-handler attribute", re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)),
    ("javascript: URL", re.compile(r"javascript:", re.I)),
]


def test_templates_need_no_unsafe_inline():
    assert len(TEMPLATES) > 50
    found = [f"{path.relative_to(ROOT)}: {what}" for path in TEMPLATES for what, pattern in INLINE
             if pattern.search(path.read_text())]
    assert not found, "move these to static files (CSP, docs/security.md):\n" + "\n".join(found)


@pytest.mark.django_db
def test_only_the_browsable_api_may_carry_style_attributes(merchants, client_for):
    client = client_for("alpha_owner", "alpha")
    browsable = client.get("/api/v1/merchant/profile/", HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")
    assert directives(browsable)["style-src-attr"] == ["'unsafe-inline'"]
    assert directives(browsable)["script-src"] == ["'self'"]
    assert "style-src-attr" not in directives(client.get("/api/v1/merchant/profile/"))
    assert "style-src-attr" not in directives(client.get("/console/"))
