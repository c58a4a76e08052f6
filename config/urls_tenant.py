"""URLs on a merchant host (<slug>.<platform host>): the merchant console and merchant API."""

from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerSplitView

from shared_apps.core.schema_view import CachedSchemaView
from shared_apps.core.views import health, readiness

handler404 = "shared_apps.core.errors.handler404"
handler500 = "shared_apps.core.errors.handler500"

api_v1 = [
    path("merchant/", include("tenant_apps.storefront.api.urls")),
    path("merchant/", include("shared_apps.onboarding.api.urls_merchant")),
    path("merchant/", include("shared_apps.accounts.api.urls_merchant")),
    path("merchant/", include("shared_apps.oplog.api.urls_merchant")),
    path("merchant/", include("tenant_apps.catalog.api.urls")),
    path("merchant/", include("tenant_apps.inventory.api.urls")),
    path("merchant/", include("tenant_apps.orders.api.urls")),
    path("merchant/", include("shared_apps.settlement.api.urls_merchant")),
    path("merchant/", include("tenant_apps.tickets.api.urls")),
    path("merchant/", include("tenant_apps.hotel.api.urls")),
    path("merchant/", include("tenant_apps.dining.api.urls")),
    path("merchant/", include("tenant_apps.shop.api.urls")),
    path("merchant/", include("shared_apps.distribution.api.urls_merchant")),
]

urlpatterns = [
    path("healthz", health, name="health"),
    path("readyz", readiness, name="readiness"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("api/v1/", include(api_v1)),
    path("api/schema/", CachedSchemaView.as_view(urlconf="config.urls_tenant"), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include("shared_apps.accounts.urls_pages")),
    path("", include("tenant_apps.storefront.urls_pages")),
    path("", include("tenant_apps.tickets.urls_pages")),
    path("", include("tenant_apps.hotel.urls_pages")),
    path("", include("tenant_apps.dining.urls_pages")),
    path("", include("tenant_apps.shop.urls_pages")),
    path("", include("tenant_apps.catalog.urls_pages")),
    path("", include("tenant_apps.orders.urls_pages")),
    path("", include("shared_apps.distribution.urls_console")),
]
