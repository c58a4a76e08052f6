from rest_framework import generics, permissions, serializers

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.permissions import IsOperator

from ..models import OperationLog


class OperationLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperationLog
        fields = ["id", "at", "actor", "actor_kind", "schema_name", "action", "target", "status_code", "ip", "detail"]


class _Filtered(generics.ListAPIView):
    serializer_class = OperationLogSerializer

    def filtered(self, qs):
        params = self.request.query_params
        if params.get("actor"):
            qs = qs.filter(actor=params["actor"])
        if params.get("action"):
            qs = qs.filter(action__icontains=params["action"])
        return qs


class OpsOperationLogList(_Filtered):
    """Platform-wide operation log (OPS-ACC-09), filter by ?schema=&actor=&action=."""

    permission_classes = [IsOperator]

    def get_queryset(self):
        qs = OperationLog.objects.all()
        if self.request.query_params.get("schema"):
            qs = qs.filter(schema_name=self.request.query_params["schema"])
        return self.filtered(qs)


class MerchantOperationLogList(_Filtered):
    """The merchant's own operation log: only rows written in its schema."""

    permission_classes = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.STAFF_MANAGE)]

    def get_queryset(self):
        return self.filtered(OperationLog.objects.filter(schema_name=self.request.tenant.schema_name))
