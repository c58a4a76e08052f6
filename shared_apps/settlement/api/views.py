"""Merchant settlement (merchant host) and operator finance (platform host)."""


from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.params import date_range, parse_day
from shared_apps.core.permissions import IsOperator
from shared_apps.ledger import services as ledger
from shared_apps.ledger.models import Posting
from shared_apps.payments import errors as payment_errors
from shared_apps.payments.gateways.base import GatewayError
from shared_apps.settlement import errors

from .. import services
from ..models import ReconciliationRun, SettlementItem, Withdrawal
from ..reconcile import reconcile
from .responses import (
    FinanceOverviewSerializer,
    MerchantSettlementSerializer,
    ReconcileRequestSerializer,
    ReconcileStartedSerializer,
    ReconciliationRunSerializer,
    SplitSerializer,
    StatementSerializer,
)

FINANCE = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.FINANCE_VIEW)]


class WithdrawalSerializer(serializers.ModelSerializer):
    merchant = serializers.CharField(source="merchant.schema_name", read_only=True)

    class Meta:
        model = Withdrawal
        fields = ["id", "merchant", "amount_fen", "bank", "status", "note", "bank_txn_no", "created_at",
                  "reviewed_at"]


class AmountSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1)


@extend_schema_serializer(component_name="WithdrawalReview")
class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    bank_txn_no = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class MerchantSettlementView(APIView):
    """Balances (pending T+N, available, withdrawing) and split records (分账) of this merchant."""

    permission_classes = FINANCE

    @extend_schema(responses=MerchantSettlementSerializer)
    def get(self, request):
        splits = SettlementItem.objects.filter(merchant=request.tenant).select_related("merchant")[:100]
        return Response({**services.balances(request.tenant), "splits": SplitSerializer(splits, many=True).data})


class MerchantStatementView(APIView):
    permission_classes = FINANCE

    @extend_schema(parameters=[OpenApiParameter("account", str, enum=["available", "payable"]),
                               OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: StatementSerializer, **error_bodies(400)})
    def get(self, request):
        which = request.query_params.get("account", "available")
        if which not in ("available", "payable"):
            raise DomainError(errors.ACCOUNT_INVALID_WITHDRAWAL)
        start, end = date_range(request)
        return Response(services.statement(code=f"merchant_{which}:{request.tenant.schema_name}", start=start,
                                           end=end))


class MerchantWithdrawalsView(APIView):
    permission_classes = FINANCE

    @extend_schema(responses=WithdrawalSerializer(many=True))
    def get(self, request):
        return Response(WithdrawalSerializer(Withdrawal.objects.filter(merchant=request.tenant)[:100],
                                             many=True).data)

    @extend_schema(request=AmountSerializer, responses={201: WithdrawalSerializer, **error_bodies(400, 409)})
    def post(self, request):
        ser = AmountSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        w = services.request_withdrawal(merchant=request.tenant, user=request.user, **ser.validated_data)
        return Response(WithdrawalSerializer(w).data, status=status.HTTP_201_CREATED)


class OpsWithdrawalsView(APIView):
    permission_classes = [IsOperator]

    @extend_schema(parameters=[OpenApiParameter("status", str)], responses=WithdrawalSerializer(many=True))
    def get(self, request):
        qs = Withdrawal.objects.select_related("merchant")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return Response(WithdrawalSerializer(qs[:200], many=True).data)


class OpsWithdrawalDecision(APIView):
    permission_classes = [IsOperator]
    approve = True

    @extend_schema(request=ReviewSerializer, responses={200: WithdrawalSerializer, **error_bodies(400, 403, 404, 409)})
    def post(self, request, pk: int):
        if not (request.user.is_superuser or request.user.operator_role in ("super_admin", "finance")):
            raise DomainError(errors.PERMISSION_DENIED_ONLY_FINANCE_OPERATORS)
        ser = ReviewSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        w = services.review_withdrawal(withdrawal_id=pk, approve=self.approve, reviewer=request.user,
                                       **ser.validated_data)
        return Response(WithdrawalSerializer(w).data)


class OpsWithdrawalReject(OpsWithdrawalDecision):
    approve = False


class OpsFinanceView(APIView):
    """Platform-wide money picture: trial balance (always 0), clearing, wallets, commission."""

    permission_classes = [IsOperator]

    @extend_schema(responses=FinanceOverviewSerializer)
    def get(self, request):
        from django.db.models import Sum


        by_type = {}
        for code, total in Posting.objects.values_list("account__code").annotate(s=Sum("amount_fen")):
            prefix = code.split(":")[0]
            by_type[prefix] = by_type.get(prefix, 0) + total
        return Response({"trial_balance_fen": ledger.trial_balance(), "by_account_type_fen": by_type})


class OpsReconciliationView(APIView):
    permission_classes = [IsOperator]

    @extend_schema(responses=ReconciliationRunSerializer(many=True))
    def get(self, request):
        runs = ReconciliationRun.objects.prefetch_related("items")[:30]
        return Response([{"id": r.pk, "gateway": r.gateway, "day": r.day, "bill_rows": r.bill_rows,
                          "our_rows": r.our_rows, "matched": r.matched, "mismatches": r.mismatches,
                          "items": [{"kind": i.kind, "record": i.record, "reference": i.reference,
                                     "ours_fen": i.ours_fen, "theirs_fen": i.theirs_fen, "detail": i.detail}
                                    for i in r.items.all()]} for r in runs])

    @extend_schema(request=ReconcileRequestSerializer,
                   responses={201: ReconcileStartedSerializer, **error_bodies(400, 502)})
    def post(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        gateway = body.get("gateway")
        if gateway not in ("wechat", "alipay"):
            raise DomainError(errors.GATEWAY_INVALID)
        day = parse_day(body.get("day"), default=timezone.localdate())
        try:
            run = reconcile(gateway=gateway, day=day)
        except GatewayError as exc:  # the bill download failed: a 502 with the gateway's code, not a 500
            raise DomainError(payment_errors.GATEWAY_UNAVAILABLE, gateway_code=exc.code) from exc
        return Response({"id": run.pk, "mismatches": run.mismatches}, status=status.HTTP_201_CREATED)
