"""A tourist's personal data used at checkout (public schema): frequent travellers (常用旅客),
delivery addresses (配送地址) and preferences. Writes go through services.py."""

from django.conf import settings
from django.db import models

from tenants.models import MerchantKind

from .validators import mask_id_no

MAX_TRAVELLERS = 30
MAX_ADDRESSES = 20


class IdType(models.TextChoices):
    ID_CARD = "id_card", "身份证"
    PASSPORT = "passport", "护照"
    HK_MACAU = "hk_macau", "港澳通行证"
    TAIWAN = "taiwan", "台胞证"


class Traveller(models.Model):
    """Somebody the tourist books for (tickets and hotels need the real name and document)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="travellers")
    name = models.CharField(max_length=50)
    id_type = models.CharField(max_length=16, choices=IdType.choices, default=IdType.ID_CARD)
    id_no = models.CharField(max_length=32)
    phone = models.CharField(max_length=11, blank=True)
    is_self = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_self", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "id_type", "id_no"], name="uniq_traveller_document"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(is_self=True), name="uniq_self_traveller"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_id_type_display()} {self.id_no_masked})"

    @property
    def id_no_masked(self) -> str:
        return mask_id_no(self.id_no)


class Address(models.Model):
    """A delivery address. When a user has any, exactly one is the default (DB-enforced at most one,
    services keep at least one)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    recipient = models.CharField(max_length=50)
    phone = models.CharField(max_length=11)
    province = models.CharField(max_length=50)
    city = models.CharField(max_length=50)
    district = models.CharField(max_length=50, blank=True)
    detail = models.CharField(max_length=200)
    postcode = models.CharField(max_length=6, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(is_default=True),
                                    name="uniq_default_address"),
        ]

    def __str__(self):
        return f"{self.recipient} {self.full_address}"

    @property
    def full_address(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.detail}"


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


# Kinds a tourist may favour: every merchant kind except the platform itself.
FAVOURITE_KINDS = [k for k in MerchantKind.values if k != MerchantKind.PLATFORM]


class Preferences(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences")
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ZH_HANS)
    favourite_kinds = models.JSONField(default=list, blank=True)
    notify_sms = models.BooleanField(default=True)
    notify_wechat = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "preferences"
