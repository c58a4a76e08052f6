"""Distributor discount policies (DST-DIS-03): the merchant manages them on its host
(/api/v1/merchant/distributors/discounts/…, writes need distribution.manage); a distributor
member reads its effective prices on the platform host (/api/v1/distributor/prices/)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from shared_apps.core.api_schema import errors as error_bodies
from tenant_apps.catalog import selectors as catalog
from tenants.models import Merchant
from tenants.utils import in_tenant

from ..models import ContractStatus, DiscountMode, DistributorContract
from ..services import discounts, pricing
from .responses import DiscountPolicySerializer, SupplierPricesSerializer
from .views_member import MemberView
from .views_merchant import _Staff


class TierSerializer(serializers.Serializer):
    min_units = serializers.IntegerField()
    percent_off = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    net_price_fen = serializers.IntegerField(required=False, allow_null=True)


class PolicyInputSerializer(serializers.Serializer):
    """Values are validated by services.discounts (stable error codes); this only shapes input."""

    name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contract_id = serializers.IntegerField(required=False, allow_null=True)
    level_id = serializers.IntegerField(required=False, allow_null=True)
    product_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    mode = serializers.ChoiceField(choices=DiscountMode.choices, required=False)
    percent_off = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    net_price_fen = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), required=False,
                                     help_text="ISO weekdays 1 (Mon) .. 7 (Sun); empty = every day")
    tiers = serializers.ListField(child=serializers.DictField(), required=False)
    is_active = serializers.BooleanField(required=False)


def _input(request) -> dict:
    ser = PolicyInputSerializer(data=request.data, partial=True)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


class MerchantPoliciesView(_Staff):
    @extend_schema(operation_id="merchant_distributor_discounts_list",
                   parameters=[OpenApiParameter("distributor_id", int)], responses=DiscountPolicySerializer(many=True))
    def get(self, request):
        qs = discounts.policies_of(request.tenant)
        if (request.query_params.get("distributor_id") or "").isdigit():
            qs = qs.filter(contract__distributor_id=int(request.query_params["distributor_id"]))
        return Response([discounts.policy_payload(p) for p in qs])

    @extend_schema(request=PolicyInputSerializer, responses={201: DiscountPolicySerializer, **error_bodies(400, 404)})
    def post(self, request):
        policy = discounts.save_policy(merchant=request.tenant, user=request.user, data=_input(request))
        return Response(discounts.policy_payload(policy), status=status.HTTP_201_CREATED)


class MerchantPolicyView(_Staff):
    @extend_schema(responses={200: DiscountPolicySerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(discounts.policy_payload(discounts.get_policy(request.tenant, pk)))

    @extend_schema(request=PolicyInputSerializer, responses={200: DiscountPolicySerializer, **error_bodies(400, 404)})
    def patch(self, request, pk: int):
        policy = discounts.save_policy(merchant=request.tenant, user=request.user, data=_input(request),
                                       policy_id=pk)
        return Response(discounts.policy_payload(policy))

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        discounts.delete_policy(merchant=request.tenant, user=request.user, policy_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


def effective_prices(distributor_id: int, merchant: Merchant, scope: list[int]) -> dict:
    """What this distributor pays at `merchant` today: policies that target it, and per on-shelf
    product the channel price, the effective net price and the group rates."""

    policies = pricing.policies_for(distributor_id, merchant)
    with in_tenant(merchant):
        today = catalog.today()
        qs = catalog.products(on_shelf=True)
        if scope:
            qs = qs.filter(pk__in=scope)
        products = []
        for p in qs:
            base = catalog.price_for(p, today, "distributor")
            q = pricing.quote(policies, p, today, base)
            products.append({"id": p.pk, "name": p.name, "kind": p.kind, "channel_price_fen": base,
                             "net_price_fen": q.unit_fen, "retail_price_fen": catalog.price_for(p, today, "tourist"),
                             "discount_policy_id": q.policy_id,
                             "group_rates": pricing.group_rates(policies, p, today, base)})
    visible = [{k: v for k, v in discounts.policy_payload(p).items() if k not in ("distributor_name", "created_at")}
               for p in policies]
    return {"supplier": merchant.schema_name, "supplier_name": merchant.name, "date": today,
            "policies": visible, "products": products}


class DistributorPricesView(MemberView):
    permission = "prices.view"

    @extend_schema(parameters=[OpenApiParameter("supplier", str)], responses=SupplierPricesSerializer(many=True))
    def get(self, request):
        contracts = DistributorContract.objects.filter(distributor=self.distributor, status=ContractStatus.ACTIVE)
        if request.query_params.get("supplier"):
            contracts = contracts.filter(merchant__schema_name=request.query_params["supplier"])
        return Response([effective_prices(self.distributor.pk, c.merchant, list(c.product_ids))
                         for c in contracts.select_related("merchant").order_by("merchant__name")])
