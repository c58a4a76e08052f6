from django.db import connection

from .models import StoreProfile

EDITABLE = ("display_name", "intro", "phone", "address", "opening_hours", "cover_url", "tags")


def ensure_profile(*, name: str, phone: str = "", address: str = "") -> StoreProfile:
    profile, _ = StoreProfile.objects.get_or_create(
        singleton=True, defaults={"display_name": name, "phone": phone, "address": address}
    )
    return profile


def get_profile() -> StoreProfile:
    return StoreProfile.objects.first() or ensure_profile(name=connection.tenant.name)


def update_profile(**fields) -> StoreProfile:
    profile = get_profile()
    for key, value in fields.items():
        if key in EDITABLE:
            setattr(profile, key, value)
    profile.full_clean()
    profile.save()
    return profile
