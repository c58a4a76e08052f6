"""Host routing: PlatformTenantMiddleware resolves the tenant from the Host header (cached),
never from a parameter the caller controls. Who may use a merchant host's console is
shared_apps.accounts.middleware (staff memberships live in accounts, above tenants).
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404
from django.http.request import split_domain_port
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import remove_www

from .cache import merchant_for_host

PROBES = ("/healthz", "/readyz")  # answer even when the tenant cannot be resolved (shared_apps.core.health)


def normalise_host(host: str) -> str:
    """The one form of a host used for tenant lookup: `Merchant.Example.COM.:443` and
    `merchant.example.com` name the same merchant (lower case, no port, no trailing dot, no www.)."""
    domain, _ = split_domain_port(host)
    return remove_www(domain)


class PlatformTenantMiddleware(TenantMainMiddleware):
    @staticmethod
    def hostname_from_request(request):
        return normalise_host(request.get_host())  # get_host() has checked ALLOWED_HOSTS

    def get_tenant(self, domain_model, hostname):
        merchant = merchant_for_host(hostname)
        if merchant is None:
            raise domain_model.DoesNotExist
        return merchant

    def no_tenant_found(self, request, hostname):
        raise Http404(f'No merchant serves "{hostname}"')

    def process_request(self, request):
        try:
            response = super().process_request(request)
        except DatabaseError:
            if request.path not in PROBES:
                raise
            # The database is down: the probes still answer (on the public URLs) and say so.
            connection.set_schema_to_public()
            self.setup_url_routing(request, force_public=True)
            response = None
        request.is_platform_host = connection.schema_name == settings.PUBLIC_SCHEMA_NAME
        return response
