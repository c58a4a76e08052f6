"""Host routing and console access.

PlatformTenantMiddleware resolves the tenant from the Host header (cached), never from a
parameter the caller controls. MerchantConsoleAccessMiddleware lets only the merchant's
own staff (or platform super-admins) into pages on a merchant host; the API on a merchant
host is guarded the same way by the DRF permission `shared_apps.core.permissions.TenantScoped`.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware

from .cache import merchant_for_host
from .models import MerchantStatus

OPEN_PREFIXES = ("/healthz", "/accounts/login/", "/accounts/logout/", "/static/", "/i18n/", "/api/")


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


def staff_membership(user, merchant):
    """The user's active membership of `merchant`, or None."""
    if not user.is_authenticated:
        return None
    from shared_apps.accounts.models import MerchantMembership

    return (
        MerchantMembership.objects.filter(user=user, merchant=merchant, is_active=True).first()
    )


class MerchantConsoleAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        tenant = getattr(request, "tenant", None)
        if tenant is None or request.is_platform_host:
            return self.get_response(request)
        if not request.path.startswith(OPEN_PREFIXES):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.membership = staff_membership(request.user, tenant)
            if request.membership is None and not request.user.is_superuser:
                return render(request, "core/forbidden.html", {"reason": "您不是该商户的员工，无权访问此控制台。"},
                              status=403)
            if tenant.status != MerchantStatus.ACTIVE and not request.user.is_superuser:
                return render(request, "core/forbidden.html", {"reason": "该商户已停用，请联系平台运营。"},
                              status=403)
        return self.get_response(request)
