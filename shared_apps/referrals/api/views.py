"""Referral binding for tourists (/api/v1/referrals/...), the distributor's referred users and
performance (/api/v1/distributor/..., member session/JWT) and the operators' performance view."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.permissions import IsOperator
from shared_apps.distribution.api.views_member import MemberView
from shared_apps.distribution.services.common import profile_of
from shared_apps.referrals import errors

from ..models import ReferralBinding
from ..services import commission
from . import serializers as s
from .responses import BindingSerializer, PerformanceSerializer, ReferralsSerializer


class _TouristOnly(APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(request.user, "api_key", None) is not None:
            raise DomainError(errors.NOT_A_USER)


class ReferralBindView(_TouristOnly):
    """Bind the signed-in tourist to a distributor by its referral code (first binding wins)."""

    @extend_schema(request=s.DstBindSerializer, responses={201: BindingSerializer, **error_bodies(400, 404, 409)})
    def post(self, request):
        ser = s.DstBindSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        binding = commission.bind(user=request.user, **ser.validated_data)
        return Response({"distributor": binding.distributor.name, "bound_at": binding.created_at},
                        status=status.HTTP_201_CREATED)


class MyReferralView(_TouristOnly):
    @extend_schema(responses=BindingSerializer)
    def get(self, request):
        binding = ReferralBinding.objects.filter(user=request.user).select_related("distributor").first()
        return Response({"distributor": binding.distributor.name if binding else None,
                         "bound_at": binding.created_at if binding else None})


class ReferralsView(MemberView):
    permission = "referrals.view"

    @extend_schema(responses=ReferralsSerializer)
    def get(self, request):
        profile = profile_of(self.distributor)
        return Response({"referral_code": profile.referral_code,
                         "users": commission.referred_users(self.distributor.pk)})


class PerformanceView(MemberView):
    permission = "referrals.view"

    @extend_schema(responses=PerformanceSerializer)
    def get(self, request):
        return Response(commission.performance(distributor_id=self.distributor.pk))


class OpsPerformanceView(APIView):
    permission_classes = [IsOperator]

    @extend_schema(responses=PerformanceSerializer)
    def get(self, request):
        return Response(commission.performance())
