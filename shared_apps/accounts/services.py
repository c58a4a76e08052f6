"""Account use cases. Every write goes through here."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from shared_apps.accounts import errors
from shared_apps.core.failures import DomainError

from .models import ApiKey, Distributor, MerchantMembership, User, hash_api_secret


def register_tourist(*, username: str, password: str, phone: str = "", display_name: str = "") -> User:
    if User.objects.filter(username=username).exists():
        raise DomainError(errors.USERNAME_TAKEN)
    if phone and User.objects.filter(phone=phone).exists():
        raise DomainError(errors.PHONE_TAKEN)
    validate_password(password)
    return User.objects.create_user(
        username=username, password=password, phone=phone or None, display_name=display_name or username
    )


@transaction.atomic
def add_staff(*, merchant, username: str, role: str, password: str | None = None,
              display_name: str = "") -> MerchantMembership:
    """Add a staff member to `merchant` (creating the account when it does not exist)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        if not password:
            raise DomainError(errors.PASSWORD_REQUIRED)
        validate_password(password)
        user = User.objects.create_user(username=username, password=password, display_name=display_name or username)
    membership, created = MerchantMembership.objects.get_or_create(
        user=user, merchant=merchant, defaults={"role": role}
    )
    if not created:
        if membership.is_active:
            raise DomainError(errors.ALREADY_STAFF)
        membership.role, membership.is_active = role, True
        membership.save(update_fields=["role", "is_active"])
    return membership


def deactivate_staff(*, membership: MerchantMembership) -> None:
    if membership.role == "owner":
        raise DomainError(errors.OWNER_LOCKED)
    membership.is_active = False
    membership.save(update_fields=["is_active"])


@transaction.atomic
def issue_api_key(*, distributor: Distributor, name: str, merchants=(), rate_limit_per_minute: int = 600):
    """Create a key; return (ApiKey, plaintext). The plaintext is shown once and never stored."""
    prefix = secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32).replace("_", "x")
    key = ApiKey.objects.create(
        distributor=distributor, name=name, prefix=prefix, secret_hash=hash_api_secret(secret),
        rate_limit_per_minute=rate_limit_per_minute,
    )
    key.merchants.set(merchants)
    return key, f"tpk_{prefix}_{secret}"


def revoke_api_key(*, api_key: ApiKey) -> None:
    api_key.is_active = False
    api_key.save(update_fields=["is_active"])
