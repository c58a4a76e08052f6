"""`/api/v1/me/...`: the requesting tourist's own travellers, addresses, profile and preferences.

JWT (tourist app) or session (H5 site); API keys do not represent a person and are not accepted.
Rows are always looked up through the requesting user, so another user's id is a plain 404.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.authentication import SessionJWTAuthentication
from shared_apps.core.params import validated

from .. import selectors, services
from .serializers import (
    AddressInputSerializer,
    AddressPatchSerializer,
    AddressSerializer,
    PreferencesInputSerializer,
    PreferencesSerializer,
    ProfileInputSerializer,
    ProfileSerializer,
    TravellerInputSerializer,
    TravellerPatchSerializer,
    TravellerSerializer,
)


class _Personal(APIView):
    # JWT first: its WWW-Authenticate challenge makes a missing credential 401, not 403.
    authentication_classes = [SessionJWTAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]


# ---- travellers (EC-ORD-03) ----------------------------------------------------------------------

@extend_schema(tags=["me"])
class TravellerListView(_Personal):
    """Frequent travellers (常用旅客): at most 30; id_no is returned masked."""

    @extend_schema(responses=TravellerSerializer(many=True))
    def get(self, request):
        return Response(TravellerSerializer(selectors.travellers_of(request.user), many=True).data)

    @extend_schema(request=TravellerInputSerializer, responses={201: TravellerSerializer})
    def post(self, request):
        traveller = services.create_traveller(user=request.user, **validated(TravellerInputSerializer, request))
        return Response(TravellerSerializer(traveller).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["me"])
class TravellerDetailView(_Personal):
    @extend_schema(responses=TravellerSerializer)
    def get(self, request, pk: int):
        return Response(TravellerSerializer(selectors.traveller_of(request.user, pk)).data)

    @extend_schema(request=TravellerPatchSerializer, responses=TravellerSerializer)
    def patch(self, request, pk: int):
        changes = validated(TravellerPatchSerializer, request, partial=True)
        traveller = services.update_traveller(user=request.user, traveller_id=pk, **changes)
        return Response(TravellerSerializer(traveller).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.delete_traveller(user=request.user, traveller_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- addresses (EC-ORD-04) -----------------------------------------------------------------------

@extend_schema(tags=["me"])
class AddressListView(_Personal):
    """Delivery addresses (配送地址), default first. The first address becomes the default."""

    @extend_schema(responses=AddressSerializer(many=True))
    def get(self, request):
        return Response(AddressSerializer(selectors.addresses_of(request.user), many=True).data)

    @extend_schema(request=AddressInputSerializer, responses={201: AddressSerializer})
    def post(self, request):
        address = services.create_address(user=request.user, **validated(AddressInputSerializer, request))
        return Response(AddressSerializer(address).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["me"])
class AddressDetailView(_Personal):
    @extend_schema(responses=AddressSerializer)
    def get(self, request, pk: int):
        return Response(AddressSerializer(selectors.address_of(request.user, pk)).data)

    @extend_schema(request=AddressPatchSerializer, responses=AddressSerializer)
    def patch(self, request, pk: int):
        changes = validated(AddressPatchSerializer, request, partial=True)
        address = services.update_address(user=request.user, address_id=pk, **changes)
        return Response(AddressSerializer(address).data)

    @extend_schema(responses={204: None}, description="Deleting the default promotes the newest remaining address.")
    def delete(self, request, pk: int):
        services.delete_address(user=request.user, address_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["me"])
class AddressDefaultView(_Personal):
    @extend_schema(request=None, responses=AddressSerializer)
    def post(self, request, pk: int):
        return Response(AddressSerializer(services.set_default_address(user=request.user, address_id=pk)).data)


# ---- profile (EC-ACC-02) and preferences (EC-ACC-09) ---------------------------------------------

@extend_schema(tags=["me"])
class ProfileView(_Personal):
    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(ProfileSerializer(request.user).data)

    @extend_schema(request=ProfileInputSerializer, responses=ProfileSerializer)
    def patch(self, request):
        user = services.update_profile(user=request.user, **validated(ProfileInputSerializer, request, partial=True))
        return Response(ProfileSerializer(user).data)


@extend_schema(tags=["me"])
class PreferencesView(_Personal):
    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return Response(PreferencesSerializer(selectors.preferences_of(request.user)).data)

    @extend_schema(request=PreferencesInputSerializer, responses=PreferencesSerializer)
    def patch(self, request):
        changes = validated(PreferencesInputSerializer, request, partial=True)
        return Response(PreferencesSerializer(services.update_preferences(user=request.user, **changes)).data)
