import pytest

from tests.builders.accounts import make_user


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tourist(db):
    return make_user("tk_tourist", display_name="游客小王")
