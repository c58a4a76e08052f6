"""Staff permissions are one catalogue (shared_apps.accounts.permissions): a name outside it fails loudly."""

import pytest

from shared_apps.accounts.models import MerchantMembership, StaffRole
from shared_apps.accounts.permissions import STAFF_PERMISSIONS, StaffPerm, role_allows, staff_can


def test_every_permission_names_known_roles():
    roles = set(StaffRole.values)
    assert set(STAFF_PERMISSIONS) == set(StaffPerm)
    assert all(allowed and allowed <= roles for allowed in STAFF_PERMISSIONS.values())


def test_a_misspelt_permission_raises_instead_of_denying():
    with pytest.raises(ValueError):
        role_allows("owner", "fulfil.hnadle")
    with pytest.raises(ValueError):
        staff_can("tickets.redem")
    with pytest.raises(ValueError):
        MerchantMembership(role="owner", is_active=True).can("catalog.edti")
    with pytest.raises(AttributeError):
        StaffPerm.FULFIL_HNADLE  # noqa: B018


def test_roles_keep_their_rights():
    assert role_allows("scanner", StaffPerm.TICKETS_REDEEM) and not role_allows("scanner", StaffPerm.FULFIL_HANDLE)
    assert MerchantMembership(role="clerk", is_active=True).can("orders.handle")  # the value still works
    assert not MerchantMembership(role="owner", is_active=False).can(StaffPerm.CONSOLE_VIEW)
