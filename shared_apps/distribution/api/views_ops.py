"""Operator API for distribution: application review, distributors (suspend, credit lines,
top-ups), top-up confirmation, withdrawal review, levels, reconciliation (referral performance:
shared_apps.referrals)."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.models import Distributor
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.params import date_range
from shared_apps.core.permissions import IsOperator, IsReviewer
from shared_apps.distribution import errors

from ..models import CommissionWithdrawal, DepositTopUp, DistributorApplication, DistributorLevel
from ..permissions import IsFinanceOperator
from ..services import finance, org
from . import serializers as s
from .responses import BalancesSerializer, DistributorReconciliationSerializer, DistributorWithBalancesSerializer

STATUS = [OpenApiParameter("status", str)]


def _distributor(pk: int) -> Distributor:
    dist = Distributor.objects.select_related("profile__level").filter(pk=pk).first()
    if dist is None:
        raise DomainError(errors.NOT_FOUND_DISTRIBUTOR)
    return dist


class _StatusFiltered(generics.ListAPIView):
    permission_classes = [IsOperator]
    model = None

    @extend_schema(parameters=STATUS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = self.model.objects.all()
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"])
        return qs


class ApplicationsView(_StatusFiltered):
    serializer_class, model = s.DstApplicationSerializer, DistributorApplication


class ApplicationDetailView(generics.RetrieveAPIView):
    permission_classes = [IsOperator]
    serializer_class = s.DstApplicationSerializer
    queryset = DistributorApplication.objects.all()


class _DecisionView(APIView):
    # POST .../approve/ (or confirm) and .../reject/ of one operator decision, as_view(approve=...):
    # the body is validated with `body`, `decide` decides, the object is answered with `answer`.
    # (A comment, not a docstring: drf-spectacular would publish a docstring as the description.)
    approve = True
    body = s.DstNoteSerializer
    answer = None

    def decide(self, pk: int, user, data: dict):
        raise NotImplementedError

    def post(self, request, pk: int):
        ser = self.body(data=request.data)
        ser.is_valid(raise_exception=True)
        return Response(self.answer(self.decide(pk, request.user, ser.validated_data)).data)


@extend_schema_view(post=extend_schema(request=s.DstNoteSerializer, responses=s.DstApplicationSerializer))
class ApplicationDecisionView(_DecisionView):
    permission_classes = [IsReviewer]
    answer = s.DstApplicationSerializer

    def decide(self, pk: int, user, data: dict):
        fn = org.approve_application if self.approve else org.reject_application
        return fn(application_id=pk, reviewer=user, note=data["note"])


class DistributorsView(generics.ListAPIView):
    permission_classes = [IsOperator]
    serializer_class = s.DstDistributorSerializer

    def get_queryset(self):
        return Distributor.objects.select_related("profile__level").prefetch_related("merchants").order_by("id")


class DistributorDetailView(APIView):
    permission_classes = [IsOperator]

    @extend_schema(responses={200: DistributorWithBalancesSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        dist = _distributor(pk)
        return Response({**s.DstDistributorSerializer(dist).data, **finance.balances(dist)})


class DistributorStatusView(APIView):
    permission_classes = [IsReviewer]
    active = False

    @extend_schema(request=s.DstNoteSerializer, responses=s.DstDistributorSerializer)
    def post(self, request, pk: int):
        ser = s.DstNoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        dist = org.set_status(distributor=_distributor(pk), active=self.active, operator=request.user,
                              note=ser.validated_data["note"])
        return Response(s.DstDistributorSerializer(dist).data)


class CreditLimitView(APIView):
    permission_classes = [IsFinanceOperator]

    @extend_schema(request=s.DstCreditLimitSerializer, responses={200: BalancesSerializer, **error_bodies(400, 404)})
    def put(self, request, pk: int):
        ser = s.DstCreditLimitSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        dist = _distributor(pk)
        finance.set_credit_limit(distributor=dist, operator=request.user, **ser.validated_data)
        return Response(finance.balances(dist))


class RecordTopUpView(APIView):
    """A finance operator records a bank transfer already received: submitted and confirmed at once."""

    permission_classes = [IsFinanceOperator]

    @extend_schema(request=s.DstTopUpInputSerializer, responses={201: s.DstTopUpSerializer})
    def post(self, request, pk: int):
        ser = s.DstTopUpInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        with transaction.atomic():
            topup = finance.submit_topup(distributor=_distributor(pk), actor=request.user.username,
                                         **ser.validated_data)
            topup = finance.review_topup(topup_id=topup.pk, approve=True, operator=request.user, note="运营登记到账")
        return Response(s.DstTopUpSerializer(topup).data, status=status.HTTP_201_CREATED)


class DistributorReconciliationView(APIView):
    permission_classes = [IsOperator]

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: DistributorReconciliationSerializer, **error_bodies(400, 404)})
    def get(self, request, pk: int):
        start, end = date_range(request)
        return Response(finance.reconcile(distributor_id=_distributor(pk).pk, start=start, end=end))


class TopUpsView(_StatusFiltered):
    serializer_class, model = s.DstTopUpSerializer, DepositTopUp


@extend_schema_view(post=extend_schema(request=s.DstNoteSerializer, responses=s.DstTopUpSerializer))
class TopUpDecisionView(_DecisionView):
    permission_classes = [IsFinanceOperator]
    answer = s.DstTopUpSerializer

    def decide(self, pk: int, user, data: dict):
        return finance.review_topup(topup_id=pk, approve=self.approve, operator=user, note=data["note"])


class WithdrawalsView(_StatusFiltered):
    serializer_class, model = s.DstWithdrawalSerializer, CommissionWithdrawal


@extend_schema_view(post=extend_schema(request=s.DstReviewSerializer, responses=s.DstWithdrawalSerializer))
class WithdrawalDecisionView(_DecisionView):
    permission_classes = [IsFinanceOperator]
    body, answer = s.DstReviewSerializer, s.DstWithdrawalSerializer

    def decide(self, pk: int, user, data: dict):
        return finance.review_withdrawal(withdrawal_id=pk, approve=self.approve, operator=user, **data)


class LevelsView(generics.ListCreateAPIView):
    serializer_class = s.DstLevelSerializer
    queryset = DistributorLevel.objects.order_by("rank")
    pagination_class = None

    def get_permissions(self):
        return [IsOperator()] if self.request.method == "GET" else [IsFinanceOperator()]


class LevelDetailView(generics.UpdateAPIView):
    permission_classes = [IsFinanceOperator]
    serializer_class = s.DstLevelSerializer
    queryset = DistributorLevel.objects.all()
    http_method_names = ["patch"]
