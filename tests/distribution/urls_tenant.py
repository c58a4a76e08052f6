"""The merchant-host urlconf plus the distribution include the lead adds to config/urls_tenant.py:
    path("merchant/", include("shared_apps.distribution.api.urls_merchant")),
"""

from django.urls import include, path

from config.urls_tenant import api_v1, handler404, handler500  # noqa: F401
from config.urls_tenant import urlpatterns as base

urlpatterns = [
    path("api/v1/merchant/", include("shared_apps.distribution.api.urls_merchant")),
    *base,
]
