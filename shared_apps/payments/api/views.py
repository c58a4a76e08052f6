"""Tourist payment API and the gateways' callback endpoints (platform host)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core import failures, ratelimit
from shared_apps.core.clientip import client_ip
from shared_apps.core.failures import DomainError
from shared_apps.core.idempotency import run_idempotent
from shared_apps.core.params import validated
from shared_apps.ledger import services as ledger
from shared_apps.ledger.api.responses import StatementLineSerializer
from shared_apps.payments import errors
from shared_apps.settlement.services import statement

from .. import services
from ..models import Method, PaymentIntent


class PayInputSerializer(serializers.Serializer):
    checkout_id = serializers.IntegerField(required=False)
    topup_fen = serializers.IntegerField(required=False, help_text="wallet top-up amount in fen")
    method = serializers.ChoiceField(choices=Method.choices)
    wallet_fen = serializers.IntegerField(required=False, default=0, min_value=0,
                                          help_text="combined payment: part paid from the wallet")
    return_url = serializers.URLField(required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=["pc", "h5"], default="pc",
                                      help_text="h5: mobile browser pay that returns to return_url")

    def validate(self, attrs):
        if ("checkout_id" in attrs) == ("topup_fen" in attrs):
            raise serializers.ValidationError("checkout_id 与 topup_fen 二选一")
        return attrs


class TenderOutSerializer(serializers.Serializer):
    method = serializers.CharField()
    amount_fen = serializers.IntegerField()
    refunded_fen = serializers.IntegerField()
    status = serializers.CharField()
    out_trade_no = serializers.CharField()
    pay_url = serializers.CharField()


class IntentOutSerializer(serializers.ModelSerializer):
    tenders = TenderOutSerializer(many=True, read_only=True)

    class Meta:
        model = PaymentIntent
        fields = ["id", "purpose", "checkout_id", "offline_ref", "amount_fen", "status", "created_at", "succeeded_at",
                  "tenders"]


def _client(request) -> tuple[str, str]:
    return client_ip(request), request.headers.get("X-Device-Id", "")[:64]


def _open_intent(request, *, serializer_class, create, endpoint: str) -> Response:
    """Validate the body, then `create(user=, ip=, device=, **fields)` a payment intent (201). With an
    Idempotency-Key the gateway call runs inside the idempotency transaction, so a concurrent
    duplicate waits for it and replays the result instead of opening a second payment."""
    data = validated(serializer_class, request)
    ip, device = _client(request)

    def work():
        intent = create(user=request.user, ip=ip, device=device, **data)
        return Response(IntentOutSerializer(intent).data, status=status.HTTP_201_CREATED)

    return run_idempotent(request=request, endpoint=endpoint, body=request.data, work=work)


class PaymentCreateView(APIView):
    """Pay a checkout with WeChat Pay, Alipay, the wallet, or wallet + gateway (combined);
    or top up the wallet. Gateway tenders return a `pay_url`. Accepts Idempotency-Key."""

    @extend_schema(request=PayInputSerializer, responses={201: IntentOutSerializer},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)])
    def post(self, request):
        return _open_intent(request, serializer_class=PayInputSerializer, create=services.create_intent,
                            endpoint="payment")


class OfflinePayInputSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1000, help_text="the merchant's signed folio / bill QR payload")
    method = serializers.ChoiceField(choices=Method.choices)
    wallet_fen = serializers.IntegerField(required=False, default=0, min_value=0)
    return_url = serializers.URLField(required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(choices=["pc", "h5"], default="h5")


class OfflinePaymentView(APIView):
    """Offline scan-to-pay (EC-HTL-10, EC-FNB-08): the tourist scans a hotel folio or restaurant
    bill QR and pays it through the platform; the merchant's bill is credited on success."""

    @extend_schema(request=OfflinePayInputSerializer, responses={201: IntentOutSerializer},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)])
    def post(self, request):
        return _open_intent(request, serializer_class=OfflinePayInputSerializer,
                            create=services.create_offline_intent, endpoint="offline-payment")


class PaymentDetailView(APIView):
    @extend_schema(responses=IntentOutSerializer)
    def get(self, request, pk: int):
        intent = PaymentIntent.objects.filter(pk=pk, user=request.user).prefetch_related("tenders").first()
        if intent is None:
            raise DomainError(errors.NOT_FOUND_PAYMENT)
        return Response(IntentOutSerializer(intent).data)


class WalletOutSerializer(serializers.Serializer):
    balance_fen = serializers.IntegerField()
    available_fen = serializers.IntegerField(help_text="The balance less what pending payments hold")
    recent = StatementLineSerializer(many=True, help_text="The last 50 postings of 90 days")


class WalletView(APIView):
    @extend_schema(responses=WalletOutSerializer)
    def get(self, request):
        from django.utils import timezone


        code = f"wallet:{request.user.pk}"
        lines = statement(code=code, start=timezone.now() - timezone.timedelta(days=90),
                          end=timezone.now() + timezone.timedelta(seconds=1))["lines"][-50:]
        return Response({"balance_fen": ledger.owed(code), "available_fen": services.wallet_available(request.user),
                         "recent": lines})


@method_decorator(csrf_exempt, name="dispatch")
class GatewayCallbackView(View):
    """Where WeChat Pay / Alipay post notifications. No session or token: the signature is the auth.
    Before the body is looked at: a per-IP rate limit (429 `rate_limited`) and a size cap (413
    `callback_too_large`); nothing is stored before the signature is verified (services)."""

    def post(self, request, gateway: str):
        if gateway not in ("wechat", "alipay"):
            return HttpResponse(status=404)
        allowed, retry = ratelimit.hit(f"callback:{client_ip(request)}", settings.PAYMENT_CALLBACK_RATE_PER_MINUTE)
        if not allowed:
            raise DomainError(failures.RATE_LIMITED, details={"retry_after": retry})
        cap = settings.PAYMENT_CALLBACK_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > cap or len(request.body) > cap:
            raise DomainError(errors.CALLBACK_TOO_LARGE, max_bytes=cap)
        headers = {k: v for k, v in request.headers.items()}
        code, content_type, body = services.handle_callback(gateway_name=gateway, headers=headers,
                                                            body=request.body)
        return HttpResponse(body, status=code, content_type=content_type)
