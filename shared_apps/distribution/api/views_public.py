"""Anonymous distributor application and tourist referral binding (platform host)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.errors import ApiError

from ..models import ReferralBinding
from ..services import org, referrals
from . import serializers as s


class ApplyView(APIView):
    """Apply to become a distributor (DST-SEC-01). Anonymous applicants name the admin account
    (`owner_username` + `owner_password`); signed-in users apply as themselves."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=s.DstApplicationInputSerializer, responses={201: s.DstApplicationSerializer})
    def post(self, request):
        ser = s.DstApplicationInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        password = data.pop("owner_password", "")
        try:
            app = org.submit_application(applicant=request.user, owner_password=password, **data)
        except DjangoValidationError as exc:
            raise ApiError("password_weak", "密码强度不足：" + "；".join(exc.messages), "Password too weak") from exc
        return Response(s.DstApplicationSerializer(app).data, status=status.HTTP_201_CREATED)


class _TouristOnly(APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(request.user, "api_key", None) is not None:
            raise ApiError("not_a_user", "API 密钥不代表个人账号", "An API key is not a user account", 400)


class ReferralBindView(_TouristOnly):
    """Bind the signed-in tourist to a distributor by its referral code (first binding wins)."""

    @extend_schema(request=s.DstBindSerializer, responses={201: dict})
    def post(self, request):
        ser = s.DstBindSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        binding = referrals.bind(user=request.user, **ser.validated_data)
        return Response({"distributor": binding.distributor.name, "bound_at": binding.created_at},
                        status=status.HTTP_201_CREATED)


class MyReferralView(_TouristOnly):
    @extend_schema(responses=dict)
    def get(self, request):
        binding = ReferralBinding.objects.filter(user=request.user).select_related("distributor").first()
        return Response({"distributor": binding.distributor.name if binding else None,
                         "bound_at": binding.created_at if binding else None})
