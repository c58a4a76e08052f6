"""Tourist personal-data use cases. Every write goes through here.

Every function takes the acting `user` and only ever touches that user's rows: a row of
somebody else is reported exactly like a missing one (404 `not_found`). Every write first
locks the user's row, so concurrent requests of one user are serialised and the per-user
invariants (limits, one default address, one "self" traveller) hold.
"""

from django.db import IntegrityError, transaction

from shared_apps.accounts.models import User
from shared_apps.core.failures import DomainError, Failure
from shared_apps.tourists import errors

from . import selectors
from .models import (
    FAVOURITE_KINDS,
    MAX_ADDRESSES,
    MAX_TRAVELLERS,
    Address,
    IdType,
    Language,
    Preferences,
    Traveller,
)
from .validators import PHONE_RE, POSTCODE_RE, id_no_problem, normalise_id_no

UNSET = object()  # "field not sent" in partial updates


# ---- helpers -------------------------------------------------------------------------------------

def _lock_user(user) -> None:
    """Serialise writes of one user (FOR NO KEY UPDATE: does not block rows referencing the user)."""
    User.objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk", flat=True).first()


def _field_error(field: str, error: Failure, **params) -> DomainError:
    """The error, its details naming the field (the form puts the message next to it)."""
    exc = DomainError(error, **params)
    exc.details = {field: [exc.message_en]}
    return exc


def _required_text(field: str, value, max_length: int, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise _field_error(field, errors.INVALID_REQUIRED, label=label, field=field)
    if len(text) > max_length:
        raise _field_error(field, errors.INVALID_LONGER_THAN_CHARACTERS, label=label, max_length=max_length,
                           field=field)
    return text


def _optional_text(field: str, value, max_length: int, label: str) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise _field_error(field, errors.INVALID_LONGER_THAN_CHARACTERS, label=label, max_length=max_length,
                           field=field)
    return text


def _phone(value, *, required: bool) -> str:
    phone = (value or "").strip()
    if not phone and not required:
        return ""
    if not PHONE_RE.match(phone):
        raise _field_error("phone", errors.PHONE_INVALID)
    return phone


def _document(id_type: str, id_no: str) -> tuple[str, str]:
    if id_type not in IdType.values:
        raise _field_error("id_type", errors.INVALID_ID_TYPE_ONE, choices=IdType.values)
    id_no = normalise_id_no(id_no)
    problem = id_no_problem(id_type, id_no)
    if problem:
        label = IdType(id_type).label
        raise _field_error("id_no", errors.ID_NO_INVALID, label=label, id_type=id_type, problem=problem)
    return id_type, id_no


def _traveller_exists() -> DomainError:
    return DomainError(errors.TRAVELLER_EXISTS)


# ---- frequent travellers (EC-ORD-03) -------------------------------------------------------------

@transaction.atomic
def create_traveller(*, user, name: str, id_type: str, id_no: str, phone: str = "",
                     is_self: bool = False) -> Traveller:
    name = _required_text("name", name, 50, "姓名")
    id_type, id_no = _document(id_type, id_no)
    phone = _phone(phone, required=False)
    _lock_user(user)
    if Traveller.objects.filter(user=user).count() >= MAX_TRAVELLERS:
        raise DomainError(errors.TOO_MANY_MOST_TRAVELLERS, max_travellers=MAX_TRAVELLERS)
    if Traveller.objects.filter(user=user, id_type=id_type, id_no=id_no).exists():
        raise _traveller_exists()
    if is_self:
        Traveller.objects.filter(user=user, is_self=True).update(is_self=False)
    return Traveller.objects.create(user=user, name=name, id_type=id_type, id_no=id_no, phone=phone,
                                    is_self=bool(is_self))


@transaction.atomic
def update_traveller(*, user, traveller_id: int, name=UNSET, id_type=UNSET, id_no=UNSET, phone=UNSET,
                     is_self=UNSET) -> Traveller:
    _lock_user(user)
    traveller = selectors.traveller_of(user, traveller_id)
    if name is not UNSET:
        traveller.name = _required_text("name", name, 50, "姓名")
    if id_type is not UNSET or id_no is not UNSET:
        if id_type is not UNSET and id_type != traveller.id_type and id_no is UNSET:
            raise _field_error("id_no", errors.INVALID_ID_NO_REQUIRED)
        traveller.id_type, traveller.id_no = _document(
            traveller.id_type if id_type is UNSET else id_type, traveller.id_no if id_no is UNSET else id_no)
        clash = Traveller.objects.filter(user=user, id_type=traveller.id_type, id_no=traveller.id_no)
        if clash.exclude(pk=traveller.pk).exists():
            raise _traveller_exists()
    if phone is not UNSET:
        traveller.phone = _phone(phone, required=False)
    if is_self is not UNSET:
        if is_self and not traveller.is_self:
            Traveller.objects.filter(user=user, is_self=True).update(is_self=False)
        traveller.is_self = bool(is_self)
    traveller.save()
    return traveller


@transaction.atomic
def delete_traveller(*, user, traveller_id: int) -> None:
    _lock_user(user)
    selectors.traveller_of(user, traveller_id).delete()


# ---- delivery addresses (EC-ORD-04) --------------------------------------------------------------

def _address_fields(*, recipient, phone, province, city, district, detail, postcode) -> dict:
    """Validate the fields that were sent (UNSET ones are skipped)."""
    checks = {
        "recipient": lambda v: _required_text("recipient", v, 50, "收件人"),
        "phone": lambda v: _phone(v, required=True),
        "province": lambda v: _required_text("province", v, 50, "省份"),
        "city": lambda v: _required_text("city", v, 50, "城市"),
        "district": lambda v: _optional_text("district", v, 50, "区县"),
        "detail": lambda v: _required_text("detail", v, 200, "详细地址"),
        "postcode": _postcode,
    }
    values = dict(recipient=recipient, phone=phone, province=province, city=city, district=district,
                  detail=detail, postcode=postcode)
    return {field: checks[field](value) for field, value in values.items() if value is not UNSET}


def _postcode(value) -> str:
    postcode = (value or "").strip()
    if postcode and not POSTCODE_RE.match(postcode):
        raise _field_error("postcode", errors.POSTCODE_INVALID)
    return postcode


def _make_default(user, address: Address) -> None:
    """Move the default flag to `address` (caller holds the user lock, inside a transaction)."""
    Address.objects.filter(user=user, is_default=True).exclude(pk=address.pk).update(is_default=False)
    if not address.is_default:
        address.is_default = True
        address.save(update_fields=["is_default", "updated_at"])


@transaction.atomic
def create_address(*, user, recipient: str, phone: str, province: str, city: str, detail: str,
                   district: str = "", postcode: str = "", is_default: bool = False) -> Address:
    """The first address becomes the default; `is_default=True` takes the default from the old one."""
    fields = _address_fields(recipient=recipient, phone=phone, province=province, city=city,
                             district=district, detail=detail, postcode=postcode)
    _lock_user(user)
    count = Address.objects.filter(user=user).count()
    if count >= MAX_ADDRESSES:
        raise DomainError(errors.TOO_MANY_MOST_ADDRESSES, max_addresses=MAX_ADDRESSES)
    address = Address.objects.create(user=user, is_default=False, **fields)
    if is_default or count == 0:
        _make_default(user, address)
    return address


@transaction.atomic
def update_address(*, user, address_id: int, recipient=UNSET, phone=UNSET, province=UNSET, city=UNSET,
                   district=UNSET, detail=UNSET, postcode=UNSET, is_default=UNSET) -> Address:
    fields = _address_fields(recipient=recipient, phone=phone, province=province, city=city,
                             district=district, detail=detail, postcode=postcode)
    _lock_user(user)
    address = selectors.address_of(user, address_id)
    if is_default is not UNSET and not is_default and address.is_default:
        raise _field_error("is_default", errors.DEFAULT_REQUIRED)
    for field, value in fields.items():
        setattr(address, field, value)
    address.save()
    if is_default is not UNSET and is_default:
        _make_default(user, address)
    return address


@transaction.atomic
def set_default_address(*, user, address_id: int) -> Address:
    _lock_user(user)
    address = selectors.address_of(user, address_id)
    _make_default(user, address)
    return address


@transaction.atomic
def delete_address(*, user, address_id: int) -> None:
    """Deleting the default promotes the newest remaining address."""
    _lock_user(user)
    address = selectors.address_of(user, address_id)
    was_default = address.is_default
    address.delete()
    if was_default:
        newest = Address.objects.filter(user=user).order_by("-created_at", "-id").first()
        if newest is not None:
            _make_default(user, newest)


# ---- profile (EC-ACC-02) and preferences (EC-ACC-09) ---------------------------------------------

@transaction.atomic
def update_profile(*, user, display_name=UNSET, phone=UNSET) -> User:
    """Change the display name and/or the phone number (unique across accounts; blank clears it)."""
    _lock_user(user)
    fields = []
    if display_name is not UNSET:
        user.display_name = _optional_text("display_name", display_name, 50, "昵称") or user.username
        fields.append("display_name")
    if phone is not UNSET:
        new_phone = _phone(phone, required=False) or None
        if new_phone and User.objects.filter(phone=new_phone).exclude(pk=user.pk).exists():
            raise DomainError(errors.PHONE_TAKEN)
        user.phone = new_phone
        fields.append("phone")
    if fields:
        try:
            with transaction.atomic():
                user.save(update_fields=fields)
        except IntegrityError:  # another account took the number in the meantime
            raise DomainError(errors.PHONE_TAKEN)
    return user


@transaction.atomic
def update_preferences(*, user, language=UNSET, favourite_kinds=UNSET, notify_sms=UNSET,
                       notify_wechat=UNSET) -> Preferences:
    prefs, _ = Preferences.objects.select_for_update().get_or_create(user=user)
    if language is not UNSET:
        if language not in Language.values:
            raise _field_error("language", errors.INVALID_LANGUAGE_ONE, choices=Language.values)
        prefs.language = language
    if favourite_kinds is not UNSET:
        kinds = list(favourite_kinds or [])
        unknown = [k for k in kinds if k not in FAVOURITE_KINDS]
        if unknown:
            raise _field_error("favourite_kinds", errors.INVALID_FAVOURITE_KINDS_AMONG, choices=FAVOURITE_KINDS)
        prefs.favourite_kinds = list(dict.fromkeys(kinds))  # de-duplicated, order kept
    if notify_sms is not UNSET:
        prefs.notify_sms = bool(notify_sms)
    if notify_wechat is not UNSET:
        prefs.notify_wechat = bool(notify_wechat)
    prefs.save()
    return prefs
