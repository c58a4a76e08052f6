"""URLs on the platform host: marketplace, operator console, public and operator API."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerSplitView

from shared_apps.core.schema_view import CachedSchemaView
from shared_apps.core.views import health, readiness

handler404 = "shared_apps.core.errors.handler404"
handler500 = "shared_apps.core.errors.handler500"

api_v1 = [
    path("", include("shared_apps.accounts.api.urls")),
    path("", include("shared_apps.onboarding.api.urls")),
    path("", include("shared_apps.oplog.api.urls")),
    path("", include("shared_apps.marketplace.api.urls")),
    path("", include("shared_apps.checkout.api.urls")),
    path("", include("shared_apps.tourists.api.urls")),
    path("", include("shared_apps.payments.api.urls")),
    path("", include("shared_apps.settlement.api.urls")),
    path("", include("shared_apps.distribution.api.urls")),
    path("", include("shared_apps.referrals.api.urls")),
    path("", include("shared_apps.routes.api.urls")),
    path("", include("shared_apps.fulfilment.api.urls")),
    path("", include("shared_apps.fulfilment.api.urls_tourist_hotel")),
    path("", include("shared_apps.fulfilment.api.urls_tourist_dining")),
    path("", include("shared_apps.fulfilment.api.urls_tourist_shop")),
]

urlpatterns = [
    path("healthz", health, name="health"),
    path("readyz", readiness, name="readiness"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("api/v1/", include(api_v1)),
    path("api/schema/", CachedSchemaView.as_view(urlconf="config.urls_public"), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("django-admin/", admin.site.urls),
    path("", include("shared_apps.accounts.urls_pages")),
    path("", include("shared_apps.onboarding.urls_pages")),
    path("", include("shared_apps.web.urls_pages")),
    path("", include("shared_apps.settlement.urls_pages")),
    path("", include("shared_apps.distribution.urls_pages")),
    path("", include("shared_apps.referrals.urls_pages")),
    path("", include("shared_apps.routes.urls_pages")),
]
