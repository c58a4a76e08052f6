"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against pytest-django's
live server. Playwright never downloads a browser (`playwright install` is never run); bin/setup-browser
installs chromium with apt-get. Without Chromium (and no apt-get to install it) the module is skipped.

Screenshots go to test-artifacts/e2e/ (gitignored)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]
PHONE = {"width": 390, "height": 844}


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end test in a real browser (Chromium via Playwright)")


def _ensure_chromium() -> str | None:
    """None when Chromium is usable, else why the e2e tests are skipped."""
    if not Path(CHROMIUM).exists() and shutil.which("apt-get"):
        subprocess.run([str(ROOT / "bin" / "setup-browser")], check=False, timeout=900)
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing and could not be installed (run bin/setup-browser as root)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (requirements/dev.txt)"
    return None


# Reports every Content-Security-Policy violation of the page to the test (docs/security.md).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation({directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI,
                         source: e.sourceFile, line: e.lineNumber, sample: e.sample, page: location.href});
}, true);
"""


class CspGuard:
    """Collects, from every page of every context it watches, `securitypolicyviolation` events and
    console messages about the Content-Security-Policy; `check()` fails the test on any."""

    def __init__(self):
        self.violations: list[str] = []
        self.contexts = []

    def watch(self, context):
        context.expose_binding("__cspViolation", lambda _source, v: self.violations.append(
            f"{v['directive']} blocked {v['blocked'] or v['sample']!r} on {v['page']} ({v['source']}:{v['line']})"))
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._console)
        context.on("weberror", lambda e: self._text(f"page error: {e.error}", e.page.url if e.page else ""))
        self.contexts.append(context)
        return context

    def _console(self, msg):
        self._text(f"console {msg.type}: {msg.text}", msg.page.url if msg.page else "")

    def _text(self, text: str, url: str):
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.violations.append(f"{text} on {url}")

    def check(self):
        for context in self.contexts:  # let the last events of open pages reach us
            for page in context.pages:
                if not page.is_closed():
                    page.wait_for_timeout(200)
                    break
        assert not self.violations, "Content-Security-Policy violations:\n" + "\n".join(self.violations)


class GuardedBrowser:
    """The Playwright Browser, with every new context watched by the CSP guard."""

    def __init__(self, browser, guard: CspGuard):
        self._browser, self._guard = browser, guard

    def new_context(self, **kwargs):
        return self._guard.watch(self._browser.new_context(**kwargs))

    def new_page(self, **kwargs):
        return self.new_context(**kwargs).new_page()

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def csp_guard():
    return CspGuard()


@pytest.fixture
def browser(monkeypatch, csp_guard):
    """A headless Chromium for one test. Playwright's sync API runs an event loop in this thread,
    so Django's async-safety check is relaxed for the test (the ORM is still used synchronously).
    The test fails on any Content-Security-Policy violation in any page it opened (CspGuard)."""
    reason = _ensure_chromium()
    if reason:
        pytest.skip(f"e2e skipped: {reason}")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield GuardedBrowser(chromium, csp_guard)
            csp_guard.check()
        finally:
            chromium.close()
            # Close what the test body opened while Playwright's loop ran (otherwise a
            # connection outlives the test and blocks dropping the test database).
            from django.db import connections

            connections.close_all()


@pytest.fixture
def shots():
    """shots(page, "01-home"): save what the screen shows (full=True: the whole page) under
    test-artifacts/e2e/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full: bool = False) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full)
        return path

    return take


@pytest.fixture
def payment_sandbox(tmp_path, settings, live_server):
    """The local payment gateway sandbox, with our adapters pointed at it and its notifications
    sent to the live server. None when the sandbox is not available in this tree."""
    try:
        from shared_apps.payments.gateways import sandbox_settings
        from shared_apps.payments.sandbox import start_sandbox
    except ImportError:
        yield None
        return
    handle = start_sandbox(port=0, state_dir=tmp_path / "sandbox")
    settings.PAYMENT_GATEWAYS = sandbox_settings(handle.url, str(tmp_path / "sandbox"))
    settings.PAYMENT_NOTIFY_BASE_URL = live_server.url
    try:
        yield handle
    finally:
        handle.stop()
