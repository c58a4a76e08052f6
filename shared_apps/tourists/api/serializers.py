"""Shapes only: format and business checks (ID checksum, phone, limits) live in services.py."""

from rest_framework import serializers

from shared_apps.accounts.models import User

from ..models import FAVOURITE_KINDS, Address, IdType, Language, Preferences, Traveller


class TravellerSerializer(serializers.ModelSerializer):
    """Output: the document number is always masked (3601**********1234)."""

    id_no = serializers.CharField(source="id_no_masked", read_only=True)
    id_type_label = serializers.CharField(source="get_id_type_display", read_only=True)

    class Meta:
        model = Traveller
        fields = ["id", "name", "id_type", "id_type_label", "id_no", "phone", "is_self", "created_at", "updated_at"]


class TravellerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.ID_CARD)
    id_no = serializers.CharField(max_length=32, help_text="Full number; responses only show it masked")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="^1\\d{10}$")
    is_self = serializers.BooleanField(required=False, default=False)


class TravellerPatchSerializer(TravellerInputSerializer):
    id_type = serializers.ChoiceField(choices=IdType.choices, required=False)
    is_self = serializers.BooleanField(required=False)


class AddressSerializer(serializers.ModelSerializer):
    full_address = serializers.CharField(read_only=True)

    class Meta:
        model = Address
        fields = ["id", "recipient", "phone", "province", "city", "district", "detail", "postcode",
                  "full_address", "is_default", "created_at", "updated_at"]


class AddressInputSerializer(serializers.Serializer):
    recipient = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20, help_text="^1\\d{10}$")
    province = serializers.CharField(max_length=50)
    city = serializers.CharField(max_length=50)
    district = serializers.CharField(max_length=50, required=False, allow_blank=True)
    detail = serializers.CharField(max_length=200)
    postcode = serializers.CharField(max_length=6, required=False, allow_blank=True)
    is_default = serializers.BooleanField(required=False, default=False)


class AddressPatchSerializer(AddressInputSerializer):
    is_default = serializers.BooleanField(required=False)


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "display_name", "phone", "date_joined"]


class ProfileInputSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=50, required=False, allow_blank=True,
                                         help_text="Blank resets it to the username")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                  help_text="^1\\d{10}$, unique across accounts; blank removes it")


class PreferencesSerializer(serializers.ModelSerializer):
    favourite_kinds = serializers.ListField(child=serializers.ChoiceField(choices=FAVOURITE_KINDS))
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="null until first saved")

    class Meta:
        model = Preferences
        fields = ["language", "favourite_kinds", "notify_sms", "notify_wechat", "updated_at"]


class PreferencesInputSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    favourite_kinds = serializers.ListField(child=serializers.ChoiceField(choices=FAVOURITE_KINDS),
                                            required=False, max_length=len(FAVOURITE_KINDS) * 2)
    notify_sms = serializers.BooleanField(required=False)
    notify_wechat = serializers.BooleanField(required=False)
