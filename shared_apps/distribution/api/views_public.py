"""Anonymous distributor application (platform host)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.failures import DomainError
from shared_apps.distribution import errors

from ..services import org
from . import serializers as s


class ApplyView(APIView):
    """Apply to become a distributor (DST-SEC-01). Anonymous applicants name the admin account
    (`owner_username` + `owner_password`); signed-in users apply as themselves."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=s.DstApplicationInputSerializer, responses={201: s.DstApplicationSerializer})
    def post(self, request):
        ser = s.DstApplicationInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        password = data.pop("owner_password", "")
        try:
            app = org.submit_application(applicant=request.user, owner_password=password, **data)
        except DjangoValidationError as exc:
            raise DomainError(errors.PASSWORD_WEAK, reasons="；".join(exc.messages)) from exc
        return Response(s.DstApplicationSerializer(app).data, status=status.HTTP_201_CREATED)
