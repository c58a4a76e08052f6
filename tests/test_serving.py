"""What `bin/start` serves (config.settings.local): DEBUG off, static files from WhiteNoise, the
site's own 404 and 500 pages, a favicon."""

import pytest
from django.test import RequestFactory, override_settings
from django.views import defaults

from config.settings import local


@pytest.fixture
def served(merchants, client_for):
    """The platform host's client, its middleware loaded with the local settings."""
    with override_settings(DEBUG=False, MIDDLEWARE=local.MIDDLEWARE, WHITENOISE_USE_FINDERS=True,
                           WHITENOISE_AUTOREFRESH=False):
        yield client_for()


@pytest.mark.django_db
def test_static_files_are_served_without_debug(served):
    css = served.get("/static/css/app.css")
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    assert b"".join(css.streaming_content)
    icon = served.get("/favicon.ico")
    assert (icon.status_code, icon["Location"]) == (301, "/static/favicon.svg")
    assert served.get("/static/favicon.svg")["Content-Type"].startswith("image/svg+xml")


@pytest.mark.django_db
def test_the_error_pages_are_the_sites_own(served):
    missing = served.get("/no-such-page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    api_missing = served.get("/api/v1/no-such-endpoint/")
    assert api_missing.status_code == 404 and api_missing.json()["code"] == "not_found"
    broken = defaults.server_error(RequestFactory().get("/"))
    page = broken.content.decode()
    assert broken.status_code == 500 and "服务暂时不可用" in page and "/static/css/app.css" in page
