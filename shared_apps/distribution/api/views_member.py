"""Distributor self-service (/api/v1/distributor/...): a signed-in member (session or JWT) of an
active distributor; API keys are refused. Every endpoint checks the member's role."""


from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.models import DistributorMember
from shared_apps.core import api_schema
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.idempotency import run_idempotent
from shared_apps.core.pagination import Pagination
from shared_apps.core.params import date_range
from shared_apps.distribution import errors
from shared_apps.oplog.api.views import OperationLogSerializer
from shared_apps.oplog.models import OperationLog
from shared_apps.settlement.api.responses import StatementSerializer
from tenants.models import Merchant, MerchantStatus

from ..models import Booking, CommissionWithdrawal, DepositTopUp, DistributorAlert, DistributorContract
from ..permissions import member_can, member_of
from ..services import bookings, contracts, finance, org, webhooks
from ..services.common import profile_of
from . import serializers as s
from .responses import (
    BalancesSerializer,
    CreatedApiKeySerializer,
    DepartmentNodeSerializer,
    DepartmentSerializer,
    DistributorReconciliationSerializer,
    MyDistributorSerializer,
    PaginatedOctoBookings,
    PaginatedTransactions,
    SupplierContractSerializer,
    WebhookSecretSerializer,
    WebhookSettingsSerializer,
)


def _password_error(exc: DjangoValidationError) -> DomainError:
    return DomainError(errors.PASSWORD_WEAK, details={"password": exc.messages}, reasons="；".join(exc.messages))


def paginated(request, view, qs, render):
    paginator = Pagination()
    page = paginator.paginate_queryset(qs, request, view=view)
    return paginator.get_paginated_response([render(x) for x in page])


class MemberView(APIView):
    permission = "profile.view"
    write_permission = None

    def get_permissions(self):
        perm = self.permission
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and self.write_permission:
            perm = self.write_permission
        return [permissions.IsAuthenticated(), member_can(perm)()]

    @property
    def member(self) -> DistributorMember:
        return member_of(self.request)

    @property
    def distributor(self):
        return self.member.distributor


class ProfileView(MemberView):
    write_permission = "profile.edit"

    @extend_schema(responses=MyDistributorSerializer)
    def get(self, request):
        profile_of(self.distributor)
        data = s.DstDistributorSerializer(self.distributor).data
        return Response({**data, "my_role": self.member.role, **finance.balances(self.distributor)})

    @extend_schema(request=s.DstProfileInputSerializer, responses=s.DstDistributorSerializer)
    def patch(self, request):
        ser = s.DstProfileInputSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        org.update_profile(distributor=self.distributor, user=request.user, **ser.validated_data)
        self.distributor.refresh_from_db()
        return Response(s.DstDistributorSerializer(self.distributor).data)


class MembersView(MemberView):
    write_permission = "members.manage"

    @extend_schema(responses=s.DstMemberSerializer(many=True))
    def get(self, request):
        qs = DistributorMember.objects.filter(distributor=self.distributor).select_related("user", "placement")
        return Response(s.DstMemberSerializer(qs.order_by("id"), many=True).data)

    @extend_schema(request=s.DstMemberInputSerializer, responses={201: s.DstMemberSerializer})
    def post(self, request):
        ser = s.DstMemberInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            member = org.add_member(distributor=self.distributor, user=request.user, **ser.validated_data)
        except DjangoValidationError as exc:
            raise _password_error(exc) from exc
        return Response(s.DstMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class MemberDetailView(MemberView):
    permission = "members.manage"

    @extend_schema(request=s.DstMemberPatchSerializer, responses=s.DstMemberSerializer)
    def patch(self, request, pk: int):
        ser = s.DstMemberPatchSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        member = org.update_member(distributor=self.distributor, user=request.user, member_id=pk,
                                   role=data.get("role"), department_id=data.get("department_id", "__keep__"),
                                   is_active=data.get("is_active"))
        member.refresh_from_db()
        return Response(s.DstMemberSerializer(member).data)


class DepartmentsView(MemberView):
    write_permission = "members.manage"

    @extend_schema(responses=DepartmentNodeSerializer(many=True))
    def get(self, request):
        return Response(org.department_tree(self.distributor))

    @extend_schema(request=s.DstDepartmentInputSerializer,
                   responses={201: DepartmentSerializer, **error_bodies(400, 409)})
    def post(self, request):
        ser = s.DstDepartmentInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        dept = org.create_department(distributor=self.distributor, user=request.user, **ser.validated_data)
        return Response({"id": dept.pk, "name": dept.name, "parent_id": dept.parent_id}, status=201)


class DepartmentDetailView(MemberView):
    permission = "members.manage"

    @extend_schema(request=s.DstDepartmentInputSerializer,
                   responses={200: DepartmentSerializer, **error_bodies(400, 404, 409)})
    def patch(self, request, pk: int):
        ser = s.DstDepartmentInputSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        dept = org.update_department(distributor=self.distributor, user=request.user, department_id=pk,
                                     name=data.get("name"),
                                     parent_id=data["parent_id"] if "parent_id" in request.data else "__keep__")
        return Response({"id": dept.pk, "name": dept.name, "parent_id": dept.parent_id})

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        org.delete_department(distributor=self.distributor, user=request.user, department_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiKeysView(MemberView):
    permission = "keys.manage"

    @extend_schema(responses=s.DstApiKeySerializer(many=True))
    def get(self, request):
        keys = self.distributor.api_keys.prefetch_related("merchants").order_by("id")
        return Response(s.DstApiKeySerializer(keys, many=True).data)

    @extend_schema(request=s.DstApiKeyInputSerializer, responses={201: CreatedApiKeySerializer, **error_bodies(400)})
    def post(self, request):
        """Create a key. The response carries `api_key` (the secret) once; only a hash is kept."""
        ser = s.DstApiKeyInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        key, raw = org.issue_key(distributor=self.distributor, user=request.user, **ser.validated_data)
        return Response({**s.DstApiKeySerializer(key).data, "api_key": raw}, status=status.HTTP_201_CREATED)


class ApiKeyDetailView(MemberView):
    permission = "keys.manage"

    @extend_schema(request=s.DstApiKeyPatchSerializer, responses=s.DstApiKeySerializer)
    def patch(self, request, prefix: str):
        ser = s.DstApiKeyPatchSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        key = org.update_key(distributor=self.distributor, user=request.user, prefix=prefix, **ser.validated_data)
        return Response(s.DstApiKeySerializer(key).data)


class ApiKeyRevokeView(MemberView):
    permission = "keys.manage"

    @extend_schema(request=None, responses=s.DstApiKeySerializer)
    def post(self, request, prefix: str):
        return Response(s.DstApiKeySerializer(org.revoke_key(distributor=self.distributor, user=request.user,
                                                          prefix=prefix)).data)


class WebhookView(MemberView):
    permission = "keys.manage"

    @extend_schema(responses=WebhookSettingsSerializer)
    def get(self, request):
        profile = profile_of(self.distributor)
        recent = self.distributor.webhooks.all()[:50]
        return Response({"url": profile.webhook_url, "has_secret": bool(profile.webhook_secret),
                         "deliveries": s.DstWebhookDeliverySerializer(recent, many=True).data})

    @extend_schema(request=s.DstWebhookInputSerializer, responses={200: WebhookSecretSerializer, **error_bodies(400)})
    def put(self, request):
        """Set the URL; a new signing secret is returned once (`secret`)."""
        ser = s.DstWebhookInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        secret = org.set_webhook(distributor=self.distributor, user=request.user, url=ser.validated_data["url"])
        return Response({"url": ser.validated_data["url"], "secret": secret})


class WebhookTestView(MemberView):
    permission = "keys.manage"

    @extend_schema(request=None, responses={202: s.DstWebhookDeliverySerializer, **error_bodies(409)})
    def post(self, request):
        delivery = webhooks.send_ping(distributor=self.distributor)
        if delivery is None:
            raise DomainError(errors.WEBHOOK_UNSET)
        return Response(s.DstWebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class AlertsView(MemberView):
    permission = "alerts.view"

    @extend_schema(parameters=[OpenApiParameter("unread", bool)], responses=api_schema.paginated(s.DstAlertSerializer))
    def get(self, request):
        qs = DistributorAlert.objects.filter(distributor=self.distributor)
        if request.query_params.get("unread") in ("1", "true"):
            qs = qs.filter(read_at__isnull=True)
        return paginated(request, self, qs, lambda a: s.DstAlertSerializer(a).data)


class AlertReadView(MemberView):
    permission = "alerts.view"

    @extend_schema(request=None, responses={204: None})
    def post(self, request, pk: int):
        DistributorAlert.objects.filter(distributor=self.distributor, pk=pk, read_at__isnull=True).update(
            read_at=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


class SuppliersView(MemberView):
    """Active merchants with this distributor's contract status (to request authorisation)."""

    permission = "contracts.manage"

    @extend_schema(responses=SupplierContractSerializer(many=True))
    def get(self, request):
        mine = {c.merchant_id: c for c in DistributorContract.objects.filter(distributor=self.distributor)}
        merchants = Merchant.objects.filter(status=MerchantStatus.ACTIVE).exclude(schema_name="public").order_by("id")
        return Response([{"id": m.schema_name, "name": m.name, "kind": m.kind,
                          "contract_status": mine[m.pk].status if m.pk in mine else None} for m in merchants])


class ContractsView(MemberView):
    permission = "contracts.manage"

    @extend_schema(responses=s.DstContractSerializer(many=True))
    def get(self, request):
        qs = DistributorContract.objects.filter(distributor=self.distributor).select_related("merchant",
                                                                                           "distributor")
        return Response(s.DstContractSerializer(qs, many=True).data)

    @extend_schema(request=s.DstContractRequestSerializer, responses={201: s.DstContractSerializer})
    def post(self, request):
        ser = s.DstContractRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        contract = contracts.request_contract(distributor=self.distributor, actor=request.user.username,
                                              merchant_schema=ser.validated_data["merchant"],
                                              note=ser.validated_data["note"])
        return Response(s.DstContractSerializer(contract).data, status=status.HTTP_201_CREATED)


class MemberBookingsView(MemberView):
    permission = "bookings.view"

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses=PaginatedOctoBookings, operation_id="v1_distributor_bookings_list")
    def get(self, request):
        qs = Booking.objects.filter(distributor=self.distributor).select_related("merchant")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        q = (request.query_params.get("q") or "").strip()
        if q:
            qs = qs.filter(Q(order_no__contains=q) | Q(reseller_reference__contains=q) | Q(contact_name__contains=q))
        return paginated(request, self, qs, bookings.booking_payload)


class FinanceView(MemberView):
    permission = "finance.view"

    @extend_schema(responses=BalancesSerializer)
    def get(self, request):
        return Response(finance.balances(self.distributor))


class TopUpsView(MemberView):
    permission, write_permission = "finance.view", "finance.manage"

    @extend_schema(responses=api_schema.paginated(s.DstTopUpSerializer))
    def get(self, request):
        return paginated(request, self, DepositTopUp.objects.filter(distributor=self.distributor),
                         lambda t: s.DstTopUpSerializer(t).data)

    @extend_schema(request=s.DstTopUpInputSerializer, responses={201: s.DstTopUpSerializer})
    def post(self, request):
        """Declare a bank transfer; it is credited when a finance operator confirms it."""
        ser = s.DstTopUpInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        topup = finance.submit_topup(distributor=self.distributor, actor=request.user.username, **ser.validated_data)
        return Response(s.DstTopUpSerializer(topup).data, status=status.HTTP_201_CREATED)


class WithdrawalsView(MemberView):
    permission, write_permission = "finance.view", "finance.manage"

    @extend_schema(responses=api_schema.paginated(s.DstWithdrawalSerializer))
    def get(self, request):
        return paginated(request, self, CommissionWithdrawal.objects.filter(distributor=self.distributor),
                         lambda w: s.DstWithdrawalSerializer(w).data)

    @extend_schema(request=s.DstWithdrawalInputSerializer, responses={201: s.DstWithdrawalSerializer},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)])
    def post(self, request):
        """Withdraw released commission; needs the finance password (checked before the work,
        so failed attempts are counted)."""
        ser = s.DstWithdrawalInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        finance.verify_finance_password(distributor=self.distributor, raw=ser.validated_data["finance_password"])
        amount = ser.validated_data["amount_fen"]

        def work():
            w = finance.request_withdrawal(distributor=self.distributor, user=request.user, amount_fen=amount)
            return Response(s.DstWithdrawalSerializer(w).data, status=status.HTTP_201_CREATED)

        return run_idempotent(request=request, endpoint="distributor:withdrawal", body={"amount_fen": amount},
                              work=work)


class FinancePasswordView(MemberView):
    permission = "finance.manage"

    @extend_schema(request=s.DstFinancePasswordSerializer, responses={204: None})
    def put(self, request):
        ser = s.DstFinancePasswordSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        finance.set_finance_password(distributor=self.distributor, user=request.user,
                                     login_password=d["login_password"], new_password=d["new_finance_password"],
                                     old_password=d["old_finance_password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class BankAccountView(MemberView):
    permission = "finance.manage"

    @extend_schema(request=s.DstBankAccountSerializer, responses={204: None})
    def put(self, request):
        ser = s.DstBankAccountSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = dict(ser.validated_data)
        finance.verify_finance_password(distributor=self.distributor, raw=d.pop("finance_password"))
        finance.set_bank_account(distributor=self.distributor, user=request.user, **d)
        return Response(status=status.HTTP_204_NO_CONTENT)


ACCOUNT_PARAM = OpenApiParameter("account", str, enum=["deposit", "commission", "frozen", "withdrawing"])


class TransactionsView(MemberView):
    """Every posting on the distributor's accounts, newest first (DST-FIN-01). amount_fen > 0 is
    money credited to the distributor."""

    permission = "finance.view"

    @extend_schema(parameters=[ACCOUNT_PARAM], responses=PaginatedTransactions)
    def get(self, request):
        qs = finance.transactions(self.distributor.pk, request.query_params.get("account") or None)
        return paginated(request, self, qs, lambda p: {
            "at": p.entry.created_at, "account": p.account.code.split(":")[0].removeprefix("distributor_"),
            "kind": p.entry.kind, "ref": p.entry.ref, "memo": p.entry.memo, "amount_fen": -p.amount_fen})


class StatementView(MemberView):
    permission = "finance.view"

    @extend_schema(parameters=[ACCOUNT_PARAM, OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: StatementSerializer, **error_bodies(400)})
    def get(self, request):
        start, end = date_range(request)
        return Response(finance.statement(distributor_id=self.distributor.pk, start=start, end=end,
                                          which=request.query_params.get("account", "deposit")))


class ReconciliationView(MemberView):
    permission = "finance.view"

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: DistributorReconciliationSerializer, **error_bodies(400)})
    def get(self, request):
        start, end = date_range(request)
        return Response(finance.reconcile(distributor_id=self.distributor.pk, start=start, end=end))


class OplogView(MemberView):
    """Operations by this distributor's members and keys, and on it by operators (DST-SEC-07)."""

    permission = "oplog.view"

    @extend_schema(responses=api_schema.paginated(OperationLogSerializer))
    def get(self, request):
        dist = self.distributor
        actors = [*dist.members.values_list("user__username", flat=True),
                  *[f"apikey:{p}" for p in dist.api_keys.values_list("prefix", flat=True)]]
        qs = OperationLog.objects.filter(Q(actor__in=actors, schema_name="public") | Q(target=f"distributor:{dist.pk}"))
        return paginated(request, self, qs, lambda row: OperationLogSerializer(row).data)
