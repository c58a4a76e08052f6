import pytest

from tests.builders.distribution import key_for, make_distributor


@pytest.fixture
def dist_a(alpha):
    """Distributor A: authorised by alpha only, 1000 yuan deposit, admin `dst_admin`."""
    return make_distributor("甲旅行社", [alpha], deposit=100_000, admin="dst_admin")


@pytest.fixture
def key_a(dist_a, alpha, beta):
    """A key of distributor A that LISTS beta too — beta never authorised A."""
    return key_for(dist_a, [alpha, beta])
