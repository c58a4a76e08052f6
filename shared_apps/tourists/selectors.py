"""Reads of a tourist's personal data.

The API only ever shows masked document numbers. Checkout (and only code that needs the real
values, e.g. to put the traveller's name and document on a ticket order) reads full values
through the snapshot functions below, which also enforce that the row belongs to `user`.
A snapshot is a plain dict, meant to be copied into the order so later edits of the
traveller or address do not change orders already placed.
"""

from collections.abc import Iterable

from shared_apps.core.failures import DomainError
from shared_apps.tourists import errors

from .models import Address, Preferences, Traveller


def _as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def travellers_of(user):
    return Traveller.objects.filter(user=user)


def addresses_of(user):
    return Address.objects.filter(user=user)


def traveller_of(user, traveller_id) -> Traveller:
    """One of `user`'s travellers; 404 `not_found` (API wording) otherwise."""
    traveller = travellers_of(user).filter(pk=_as_id(traveller_id) or 0).first()
    if traveller is None:
        raise DomainError(errors.NOT_FOUND_TRAVELLER)
    return traveller


def address_of(user, address_id) -> Address:
    """One of `user`'s addresses; 404 `not_found` (API wording) otherwise."""
    address = addresses_of(user).filter(pk=_as_id(address_id) or 0).first()
    if address is None:
        raise DomainError(errors.NOT_FOUND_ADDRESS)
    return address


def preferences_of(user) -> Preferences:
    """The user's preferences; unsaved defaults when the user never changed any."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def _traveller_dict(t: Traveller) -> dict:
    return {
        "id": t.id, "name": t.name, "id_type": t.id_type, "id_type_label": t.get_id_type_display(),
        "id_no": t.id_no, "phone": t.phone, "is_self": t.is_self,
    }


def _address_dict(a: Address) -> dict:
    return {
        "id": a.id, "recipient": a.recipient, "phone": a.phone, "province": a.province, "city": a.city,
        "district": a.district, "detail": a.detail, "postcode": a.postcode, "full_address": a.full_address,
    }


def _traveller_not_found() -> DomainError:
    return DomainError(errors.TRAVELLER_NOT_FOUND)


def traveller_snapshot(user, traveller_id) -> dict:
    """Full (unmasked) traveller of `user`:
    {id, name, id_type, id_type_label, id_no, phone, is_self}.
    Raises DomainError traveller_not_found (404) when it does not exist or is not `user`'s."""
    pk = _as_id(traveller_id)
    traveller = Traveller.objects.filter(user=user, pk=pk).first() if pk is not None else None
    if traveller is None:
        raise _traveller_not_found()
    return _traveller_dict(traveller)


def traveller_snapshots(user, traveller_ids: Iterable) -> list[dict]:
    """Several travellers of `user` at once, in the order asked (duplicates removed);
    raises DomainError traveller_not_found (404) when any is missing or not `user`'s."""
    ids = list(dict.fromkeys(_as_id(i) for i in traveller_ids))
    if None in ids:
        raise _traveller_not_found()
    found = {t.id: t for t in Traveller.objects.filter(user=user, pk__in=ids)}
    if len(found) != len(ids):
        raise _traveller_not_found()
    return [_traveller_dict(found[i]) for i in ids]


def address_snapshot(user, address_id) -> dict:
    """Full address of `user`:
    {id, recipient, phone, province, city, district, detail, postcode, full_address}.
    Raises DomainError address_not_found (404) when it does not exist or is not `user`'s."""
    pk = _as_id(address_id)
    address = Address.objects.filter(user=user, pk=pk).first() if pk is not None else None
    if address is None:
        raise DomainError(errors.ADDRESS_NOT_FOUND)
    return _address_dict(address)


def default_address_snapshot(user) -> dict | None:
    """The user's default address as in address_snapshot(), or None when the user has none."""
    address = Address.objects.filter(user=user, is_default=True).first()
    return _address_dict(address) if address else None
