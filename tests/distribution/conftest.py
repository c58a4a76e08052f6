import pytest

from .helpers import key_for, make_dist


@pytest.fixture
def alpha(merchants):
    return merchants["alpha"]


@pytest.fixture
def beta(merchants):
    return merchants["beta"]


@pytest.fixture
def dist_a(alpha):
    """Distributor A: authorised by alpha only, 1000 yuan deposit, admin `dst_admin`."""
    return make_dist("甲旅行社", [alpha], deposit=100_000, admin="dst_admin")


@pytest.fixture
def key_a(dist_a, alpha, beta):
    """A key of distributor A that LISTS beta too — beta never authorised A."""
    return key_for(dist_a, [alpha, beta])
