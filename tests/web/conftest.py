import pytest

from tests.builders.accounts import make_user


@pytest.fixture
def tourist(db):
    return make_user("h5_tourist", display_name="小明", phone="13800000011")


@pytest.fixture
def other(db):
    return make_user("h5_other", display_name="李华", phone="13800000012")
