from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can

from .. import services
from ..models import StoreProfile


class StoreProfileSerializer(serializers.ModelSerializer):
    # A JSONField would take any JSON (null included, which the NOT NULL column refuses): a list of labels.
    tags = serializers.ListField(child=serializers.CharField(max_length=20), max_length=20, required=False)

    class Meta:
        model = StoreProfile
        fields = ["display_name", "intro", "phone", "address", "opening_hours", "cover_url", "tags", "updated_at"]
        read_only_fields = ["updated_at"]


class StoreProfileView(APIView):
    """The merchant's public profile. Staff read it; owner/manager edit it. API keys of
    distributors authorised by this merchant may read it."""

    def get_permissions(self):
        if self.request.method == "GET":
            return [permissions.IsAuthenticated(), TenantScoped()]
        return [permissions.IsAuthenticated(), TenantScoped(), staff_can(StaffPerm.PROFILE_EDIT)()]

    @extend_schema(responses=StoreProfileSerializer)
    def get(self, request):
        return Response(StoreProfileSerializer(services.get_profile()).data)

    @extend_schema(request=StoreProfileSerializer, responses=StoreProfileSerializer)
    def patch(self, request):
        ser = StoreProfileSerializer(services.get_profile(), data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        profile = services.update_profile(**ser.validated_data)
        return Response(StoreProfileSerializer(profile).data)
