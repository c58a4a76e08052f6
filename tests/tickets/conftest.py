import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tourist(db):
    from tests.factories import make_user

    return make_user("tk_tourist", display_name="游客小王")
