import pytest

from tests.builders.accounts import make_merchant


@pytest.fixture(scope="session")
def _gamma_schema(_merchant_schemas, django_db_setup, django_db_blocker):
    """A third merchant (scenic) for scope tests; only non-transactional tests use it, so its
    tenant tables never keep rows between tests."""
    with django_db_blocker.unblock():
        make_merchant("gamma", "scenic", "伽马景区")


@pytest.fixture
def gamma(_gamma_schema, merchants):
    return make_merchant("gamma", "scenic", "伽马景区")
