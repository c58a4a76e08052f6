"""Fixtures for the hotel / dining / shop tests: a restaurant `delta` and a shop `epsilon` next
to the standard `alpha` (scenic) and `beta` (hotel). Their schemas are made once per run."""

import pytest
from django.db import connection

from shared_apps.tourists.services import create_address
from tests.builders.accounts import make_merchant, make_user

EXTRA = {"delta": ("restaurant", "德尔塔餐厅"), "epsilon": ("shop", "艾普西龙特产")}


@pytest.fixture(scope="session")
def _fulfil_schemas(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        connection.set_schema_to_public()  # an earlier test may have left the connection in a merchant schema
        for slug, (kind, name) in EXTRA.items():
            make_merchant(slug, kind, name)


@pytest.fixture
def shops(merchants, _fulfil_schemas):
    """alpha (scenic), beta (hotel), delta (restaurant), epsilon (shop)."""
    return {**merchants, **{slug: make_merchant(slug, kind, name) for slug, (kind, name) in EXTRA.items()}}


@pytest.fixture
def tourist(db):
    return make_user("fulfil_tourist", display_name="小明", phone="13800000001")


@pytest.fixture
def tourist_client(tourist, client_for):
    """The tourist's logged-in session on the platform host."""
    return client_for(tourist.username)


@pytest.fixture
def address(tourist):
    """The tourist's delivery address (for goods orders)."""
    return create_address(user=tourist, recipient="小明", phone="13800000001", province="江西省", city="上饶市",
                          district="婺源县", detail="紫阳镇文公路 1 号")
