"""Host routing: PlatformTenantMiddleware resolves the tenant from the Host header (cached),
never from a parameter the caller controls. Who may use a merchant host's console is
shared_apps.accounts.middleware (staff memberships live in accounts, above tenants).
"""

from django.conf import settings
from django.db import connection
from django.http import Http404
from django_tenants.middleware.main import TenantMainMiddleware

from .cache import merchant_for_host


class PlatformTenantMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        merchant = merchant_for_host(hostname)
        if merchant is None:
            raise domain_model.DoesNotExist
        return merchant

    def no_tenant_found(self, request, hostname):
        raise Http404(f'No merchant serves "{hostname}"')

    def process_request(self, request):
        response = super().process_request(request)
        request.is_platform_host = connection.schema_name == settings.PUBLIC_SCHEMA_NAME
        return response
