"""Console access on a merchant host: MerchantConsoleAccessMiddleware lets only the merchant's own
staff (or platform super-admins) into its pages; the API on a merchant host is guarded the same
way by the DRF permission `shared_apps.accounts.permissions.TenantScoped`."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from tenants.models import MerchantStatus

from .permissions import staff_membership

OPEN_PREFIXES = ("/healthz", "/readyz", "/accounts/login/", "/accounts/logout/", "/static/", "/i18n/", "/api/")


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
