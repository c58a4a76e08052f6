from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.failures import DomainError
from shared_apps.core.permissions import IsOperator, IsReviewer
from shared_apps.onboarding import errors
from tenants.models import Merchant

from .. import services
from ..models import CoreInfoChange, MerchantApplication
from .serializers import (
    ApplicationInputSerializer,
    ApplicationSerializer,
    CoreChangeInputSerializer,
    CoreChangeSerializer,
    CoreInfoSerializer,
    MerchantSerializer,
    ReviewSerializer,
)


class ApplicationSubmitView(APIView):
    """Merchant application (OPS-MCH-01). Anonymous applicants name the owner account and its password."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=ApplicationInputSerializer, responses={201: ApplicationSerializer})
    def post(self, request):
        ser = ApplicationInputSerializer(data=request.data, context={"request": request})
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        password = data.pop("owner_password", "")
        try:
            app = services.submit_application(applicant=request.user, owner_password=password, **data)
        except DjangoValidationError as exc:
            raise DomainError(errors.PASSWORD_WEAK, reasons="；".join(exc.messages)) from exc
        return Response(ApplicationSerializer(app).data, status=status.HTTP_201_CREATED)


class OpsApplicationList(generics.ListAPIView):
    permission_classes = [IsOperator]
    serializer_class = ApplicationSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = MerchantApplication.objects.prefetch_related("events__actor").select_related("merchant")
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        return qs


class OpsApplicationDetail(generics.RetrieveAPIView):
    permission_classes = [IsOperator]
    serializer_class = ApplicationSerializer
    queryset = MerchantApplication.objects.all()


class _ReviewAction(APIView):
    permission_classes = [IsReviewer]
    action_fn = None
    serializer = ApplicationSerializer
    model = MerchantApplication
    id_kw = "application_id"

    @extend_schema(request=ReviewSerializer)
    def post(self, request, pk: int):
        ser = ReviewSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        if not self.model.objects.filter(pk=pk).exists():
            raise DomainError(errors.NOT_FOUND_RECORD)
        obj = type(self).action_fn(**{self.id_kw: pk}, reviewer=request.user, note=ser.validated_data["note"])
        return Response(self.serializer(self.model.objects.get(pk=obj.pk)).data)


class OpsApplicationApprove(_ReviewAction):
    """Approve: the schema, domain and owner account are provisioned by a Celery task."""

    action_fn = services.approve_application

    @extend_schema(request=ReviewSerializer, responses=ApplicationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)


class OpsApplicationReject(_ReviewAction):
    action_fn = services.reject_application

    @extend_schema(request=ReviewSerializer, responses=ApplicationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)


class OpsCoreChangeList(generics.ListAPIView):
    permission_classes = [IsOperator]
    serializer_class = CoreChangeSerializer

    def get_queryset(self):
        qs = CoreInfoChange.objects.select_related("merchant", "requested_by").prefetch_related("events__actor")
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        return qs


class OpsCoreChangeApprove(_ReviewAction):
    action_fn = services.approve_core_change
    serializer = CoreChangeSerializer
    model = CoreInfoChange
    id_kw = "change_id"

    @extend_schema(request=ReviewSerializer, responses=CoreChangeSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)


class OpsCoreChangeReject(OpsCoreChangeApprove):
    action_fn = services.reject_core_change


class OpsMerchantList(generics.ListAPIView):
    permission_classes = [IsOperator]
    serializer_class = MerchantSerializer

    def get_queryset(self):
        return Merchant.objects.exclude(schema_name="public").select_related("admin_user").prefetch_related("domains")


# ---- merchant host -----------------------------------------------------------------------------

class MerchantCoreInfoView(APIView):
    """Current core info of the merchant (read-only: changes go through /core-changes/)."""

    permission_classes = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.CONSOLE_VIEW)]

    @extend_schema(responses=CoreInfoSerializer)
    def get(self, request):
        return Response(services.core_info(request.tenant))


class MerchantCoreChangeList(generics.ListCreateAPIView):
    serializer_class = CoreChangeSerializer
    pagination_class = None

    def get_permissions(self):
        perm = StaffPerm.CORE_CHANGE if self.request.method == "POST" else StaffPerm.CONSOLE_VIEW
        return [permissions.IsAuthenticated(), TenantScoped(), staff_can(perm)()]

    def get_queryset(self):
        return CoreInfoChange.objects.filter(merchant=self.request.tenant).prefetch_related("events__actor")

    @extend_schema(request=CoreChangeInputSerializer, responses={201: CoreChangeSerializer})
    def post(self, request):
        ser = CoreChangeInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        change = services.request_core_change(merchant=request.tenant, requested_by=request.user,
                                              **ser.validated_data)
        return Response(CoreChangeSerializer(change).data, status=status.HTTP_201_CREATED)
