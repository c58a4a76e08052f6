from django.urls import path

from .views import DistributorMerchantsView, MeView, RegisterView
from .views_auth import (
    RefreshView,
    SessionRevokeOthersView,
    SessionRevokeView,
    SessionsView,
    StaffTokenView,
    TouristTokenView,
)

urlpatterns = [
    path("auth/register/", RegisterView.as_view(), name="api-register"),
    path("auth/token/", TouristTokenView.as_view(), name="api-token"),
    path("auth/token/refresh/", RefreshView.as_view(), name="api-token-refresh"),
    path("ops/auth/token/", StaffTokenView.as_view(), name="api-staff-token"),
    path("auth/sessions/", SessionsView.as_view(), name="api-sessions"),
    path("auth/sessions/<int:pk>/revoke/", SessionRevokeView.as_view(), name="api-session-revoke"),
    path("auth/sessions/revoke-others/", SessionRevokeOthersView.as_view(), name="api-sessions-revoke-others"),
    path("me/", MeView.as_view(), name="api-me"),
    path("distributor/merchants/", DistributorMerchantsView.as_view(), name="api-distributor-merchants"),
]
