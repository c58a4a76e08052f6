from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts import errors
from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.failures import DomainError

from .. import services
from ..authentication import ApiKeyPrincipal
from ..models import MerchantMembership
from .serializers import (
    AddStaffSerializer,
    ApiKeyMerchantSerializer,
    MembershipSerializer,
    RegisterSerializer,
    UserSerializer,
)


def _password_errors(exc: DjangoValidationError) -> DomainError:
    return DomainError(errors.PASSWORD_WEAK, details={"password": exc.messages}, reasons="；".join(exc.messages))


class RegisterView(APIView):
    """Tourist sign-up (EC-ACC-01). Returns the new user; obtain a JWT at /auth/token/."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer})
    def post(self, request):
        ser = RegisterSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            user = services.register_tourist(**ser.validated_data)
        except DjangoValidationError as exc:
            raise _password_errors(exc) from exc
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class MeView(APIView):
    @extend_schema(responses=UserSerializer)
    def get(self, request):
        if isinstance(request.user, ApiKeyPrincipal):
            raise DomainError(errors.NOT_A_USER)
        return Response(UserSerializer(request.user).data)


class DistributorMerchantsView(APIView):
    """Merchants an API key may reach (authorised by the merchant AND listed on the key)."""

    @extend_schema(responses=ApiKeyMerchantSerializer(many=True))
    def get(self, request):
        principal = request.user
        if not isinstance(principal, ApiKeyPrincipal):
            raise DomainError(errors.API_KEY_REQUIRED)
        key = principal.api_key
        merchants = key.merchants.filter(authorised_distributors=key.distributor, status="active").order_by("id")
        return Response(ApiKeyMerchantSerializer(merchants, many=True).data)


# ---- merchant host -----------------------------------------------------------------------------

class StaffListView(generics.ListCreateAPIView):
    """Merchant staff (console). Listing needs console access; adding needs staff.manage."""

    serializer_class = MembershipSerializer
    pagination_class = None

    def get_permissions(self):
        perm = StaffPerm.STAFF_MANAGE if self.request.method == "POST" else StaffPerm.CONSOLE_VIEW
        return [permissions.IsAuthenticated(), TenantScoped(), staff_can(perm)()]

    def get_queryset(self):
        return MerchantMembership.objects.filter(merchant=self.request.tenant).select_related("user").order_by("id")

    @extend_schema(request=AddStaffSerializer, responses={201: MembershipSerializer})
    def post(self, request):
        ser = AddStaffSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            membership = services.add_staff(merchant=request.tenant, **ser.validated_data)
        except DjangoValidationError as exc:
            raise _password_errors(exc) from exc
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class StaffDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.STAFF_MANAGE)]

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        membership = MerchantMembership.objects.filter(merchant=request.tenant, pk=pk).first()
        if membership is None:
            raise DomainError(errors.NOT_FOUND_STAFF_MEMBER)
        services.deactivate_staff(membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)
