"""A pinned clock and the database agree: the checkout and the inventory read the time in Python
(timezone.now(), which time-machine pins), never in SQL (now(), which it cannot pin)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout
from tenant_apps.inventory.models import CapacitySlot
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import slots, ticket
from tests.builders.checkout import item
from tests.builders.dates import day

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
# Years away from the real date and a minute before a local midnight and a month's end.
PINNED = datetime(2031, 5, 31, 23, 59, tzinfo=ZoneInfo("Asia/Shanghai"))


def slot_updated_at(merchant, product):
    with in_tenant(merchant):
        return CapacitySlot.objects.get(product_id=product.pk).updated_at


def test_holds_are_stamped_and_expire_at_the_pinned_time(merchants):
    alpha, ttl = merchants["alpha"], timedelta(seconds=settings.CHECKOUT_TTL_SECONDS)
    tourist = make_user("xiaoming", display_name="小明", phone="13800000001")
    with time_machine.travel(PINNED, tick=False):
        t = ticket(alpha, capacity=4)
        co = checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3))])
        assert co.expires_at == PINNED + ttl
        assert slot_updated_at(alpha, t) == PINNED  # the reserve's own UPDATE, no SQL now()
    with time_machine.travel(PINNED + ttl - timedelta(seconds=1), tick=False):
        assert checkout.cancel_expired_checkouts() == 0  # not yet due at the pinned time
    due = PINNED + ttl + timedelta(seconds=1)
    with time_machine.travel(due, tick=False):
        assert checkout.cancel_expired_checkouts() == 1
    assert Checkout.objects.get(pk=co.pk).status == "expired"
    assert slots(alpha, t) == [(4, 0, 0)]
    assert slot_updated_at(alpha, t) == due  # the release's UPDATE too
