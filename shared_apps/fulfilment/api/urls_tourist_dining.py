"""Tourist endpoints behind a table QR code (platform host, /api/v1/). The QR encodes
http://<platform host>/dine/<schema>/<token>; that page calls these.

    path("", include("shared_apps.fulfilment.api.urls_tourist_dining")),
"""

from django.db import transaction
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.checkout import services as checkout
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.idempotency import run_idempotent
from tenant_apps.dining import selectors, services
from tenants.utils import in_tenant

from .responses import DineBillSerializer, DineOrderPlacedSerializer, DineTableSerializer
from .tourist_common import LinesSerializer, active_merchant, plain, valid


class DineOrderSerializer(serializers.Serializer):
    lines = LinesSerializer(many=True, allow_empty=False)
    pay = serializers.ChoiceField(choices=[("later", "餐后结账"), ("now", "立即在线支付")], default="later")
    guests = serializers.IntegerField(min_value=1, max_value=99, default=1)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _public_sitting(sitting) -> dict | None:
    if sitting is None:
        return None
    return {"number": sitting.number, "guests": sitting.guests, "opened_at": sitting.opened_at}


class DineTableView(APIView):
    """GET dine/{merchant}/{token}/: the table, its current table number and the menu (anonymous)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: DineTableSerializer, **error_bodies(404)})
    def get(self, request, merchant: str, token: str):
        shop = active_merchant(merchant)
        with in_tenant(shop):
            table = services.table_for_token(token)
            data = {"merchant": shop.schema_name, "merchant_name": shop.name,
                    "table": {"name": table.name, "area": table.area, "seats": table.seats,
                              "is_private_room": table.is_private_room, "min_spend_fen": table.min_spend_fen},
                    "sitting": _public_sitting(services.current_sitting(table)), "menu": selectors.menu()}
        return Response(data)


class DineOrderView(APIView):
    """POST dine/{merchant}/{token}/orders/: order dishes at this table (signed-in tourist).
    pay=later: on the table's bill, straight to the kitchen. pay=now: a platform checkout for
    the dishes (pay it with POST payments/), sent to the kitchen once paid. Idempotency-Key."""

    @extend_schema(request=DineOrderSerializer,
                   responses={201: DineOrderPlacedSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, merchant: str, token: str):
        data = valid(DineOrderSerializer, request)
        shop = active_merchant(merchant)

        def work():
            lines = [dict(x) for x in data["lines"]]
            who = request.user.username
            with transaction.atomic():
                with in_tenant(shop):
                    table = services.table_for_token(token)
                    sitting = services.open_sitting(table_id=table.pk, actor=who, guests=data["guests"])
                    if data["pay"] == "later":
                        services.place_tab_order(sitting_id=sitting.pk, lines=lines, actor=who, note=data["note"])
                        detail = selectors.sitting_detail(sitting)
                        body = {"pay": "later", "sitting": _public_sitting(sitting), "bill": detail["bill"]}
                        return Response(plain(body), status=status.HTTP_201_CREATED)
                    services.dishes_for(lines)  # fail early and clearly on unknown or off-shelf dishes
                co = checkout.place_checkout(
                    user=request.user, items=[checkout.Item(shop.schema_name, ln["product_id"], ln["quantity"])
                                              for ln in lines],
                    note=f"堂食 {sitting.number} {table.name} {data['note']}".strip()[:200])
                part = co.parts.get(merchant=shop)
                with in_tenant(shop):
                    services.link_online_order(sitting_id=sitting.pk, order_id=part.order_id, actor=who)
            body = {"pay": "now", "sitting": _public_sitting(sitting), "checkout_id": co.pk,
                    "order_no": part.order_no, "total_fen": co.total_fen}
            return Response(plain(body), status=status.HTTP_201_CREATED)

        return run_idempotent(request=request, endpoint=f"dine:{merchant}:{token}", body=request.data, work=work)


class DineBillView(APIView):
    """GET dine/{merchant}/{token}/bill/: the table's current bill and dish progress (signed-in tourist)."""

    @extend_schema(responses={200: DineBillSerializer, **error_bodies(404)})
    def get(self, request, merchant: str, token: str):
        shop = active_merchant(merchant)
        with in_tenant(shop):
            sitting = services.current_sitting(services.table_for_token(token))
            if sitting is None:
                return Response({"sitting": None, "bill": None, "dishes": []})
            detail = selectors.sitting_detail(sitting)
        dishes = [{k: t[k] for k in ("dish_name", "quantity", "status", "status_display")} for t in detail["tickets"]]
        return Response({"sitting": _public_sitting(sitting), "bill": detail["bill"], "dishes": dishes})


urlpatterns = [
    path("dine/<slug:merchant>/<str:token>/", DineTableView.as_view(), name="api-dine-table"),
    path("dine/<slug:merchant>/<str:token>/orders/", DineOrderView.as_view(), name="api-dine-orders"),
    path("dine/<slug:merchant>/<str:token>/bill/", DineBillView.as_view(), name="api-dine-bill"),
]
