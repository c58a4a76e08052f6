"""Every page of both URL confs in a real browser, under the Content-Security-Policy: the browser
fixture's CSP guard (conftest.CspGuard) fails the test on any violation. Pages are enumerated from
the resolvers (tests/builders/urls.py), so a new page is checked without editing this file."""

import re

import pytest

from tests.builders.accounts import PASSWORD, make_operator
from tests.builders.catalog import room, ticket
from tests.builders.urls import routes

pytestmark = [pytest.mark.e2e]
WAIT_MS = 20_000
SKIP = {"logout"}  # signing out would end the crawl's session


def _pages(urlconf: str, values: dict) -> list[str]:
    """GET paths of the HTML pages (not the API, not CSV downloads, not the media files)."""
    return [r.path(values) for r in routes(urlconf)
            if not r.is_api and r.name not in SKIP and not r.route.endswith((".csv", "image/", "audio/"))
            and "jsi18n" not in r.route and not r.route.startswith("api/schema")]


def _goto(page, url: str):
    """The response, or None when the answer was an error status with an empty body (a POST-only
    route answers 405, a missing id 404): Chromium then shows its own error page, a navigation of
    its own that is awaited here so that it cannot interrupt the next one."""
    from playwright.sync_api import Error  # here: without playwright the module is skipped, not broken

    try:
        return page.goto(url, wait_until="load")
    except Error:
        try:
            page.wait_for_url(re.compile(r"^chrome-error:"), timeout=5_000)
        except Error:
            pass
        return None


def _sign_in(page, base: str, username: str, path: str = "/accounts/login/"):
    assert _goto(page, f"{base}{path}") is not None, f"no sign-in page at {base}{path}"
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state()


def _visit_all(page, base: str, paths: list[str]) -> int:
    """Open each path; the number of HTML pages that answered 200 (the others are still opened
    under the policy, and counted out)."""
    seen = 0
    for path in paths:
        response = _goto(page, f"{base}{path}")
        if response is not None and response.ok and "text/html" in (response.headers.get("content-type") or ""):
            seen += 1
    return seen


def test_csp_guard_catches_a_violation(browser, live_server, transactional_db, csp_guard):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")  # an inline style: refused
    page.wait_for_timeout(300)
    assert any("style-src" in v for v in csp_guard.violations), csp_guard.violations
    csp_guard.violations.clear()


def test_every_page_passes_the_csp(browser, live_server, transactional_db, merchants):
    alpha, beta = merchants["alpha"], merchants["beta"]
    t, r = ticket(alpha), room(beta)
    make_operator("csp_admin", role="super_admin")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)

    _sign_in(page, base, "csp_admin")
    public = _pages("config.urls_public", {"schema": "alpha", "merchant": "alpha", "product_id": t.pk, "pk": 1})
    assert _visit_all(page, base, public) >= 20
    for slug, product in (("alpha", t), ("beta", r)):
        host = base.replace("://localhost", f"://{slug}.localhost")
        page.close()  # a fresh tab: a page of the last crawl may still be navigating on its own
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        _sign_in(page, host, f"{slug}_owner")
        tenant = _pages("config.urls_tenant", {"pk": product.pk, "product_id": product.pk})
        assert _visit_all(page, host, tenant) >= 15
