from rest_framework import serializers

from ..models import ApiKey, MerchantMembership, StaffRole, User


class RegisterSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]{3,150}$")
    password = serializers.CharField(write_only=True, min_length=8)
    phone = serializers.RegexField(r"^1\d{10}$", required=False, allow_blank=True)
    display_name = serializers.CharField(max_length=50, required=False, allow_blank=True)


class UserSerializer(serializers.ModelSerializer):
    kinds = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "phone", "operator_role", "kinds"]

    def get_kinds(self, user) -> list[str]:
        kinds = ["tourist"]
        if user.is_operator:
            kinds.append("operator")
        if user.memberships.filter(is_active=True).exists():
            kinds.append("merchant_staff")
        if user.distributor_roles.exists():
            kinds.append("distributor")
        return kinds


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    display_name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = MerchantMembership
        fields = ["id", "username", "display_name", "role", "is_active", "created_at"]


class AddStaffSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]{3,150}$")
    role = serializers.ChoiceField(choices=[c for c in StaffRole.choices if c[0] != StaffRole.OWNER])
    password = serializers.CharField(write_only=True, required=False, allow_blank=True)
    display_name = serializers.CharField(max_length=50, required=False, allow_blank=True)


class ApiKeyMerchantSerializer(serializers.Serializer):
    schema_name = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    host = serializers.CharField(source="primary_host")


class ApiKeySerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiKey
        fields = ["prefix", "name", "rate_limit_per_minute", "is_active", "created_at", "last_used_at"]


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    otp = serializers.CharField(max_length=12, required=False, allow_blank=True,
                                help_text="The 6-digit TOTP code, for accounts with two-factor on")


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=4000)
