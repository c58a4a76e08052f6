from django.urls import path

from . import views, views_routes

urlpatterns = [
    path("tickets/", views.TicketListView.as_view(), name="api-merchant-tickets"),
    path("tickets/<int:pk>/", views.TicketDetailView.as_view(), name="api-merchant-ticket"),
    path("redemptions/", views.RedemptionView.as_view(), name="api-merchant-redemptions"),
    path("ticket-keys/", views.KeyListView.as_view(), name="api-merchant-ticket-keys"),
    path("ticket-keys/rotate/", views.KeyRotateView.as_view(), name="api-merchant-ticket-keys-rotate"),
    path("ticket-stats/", views.StatsView.as_view(), name="api-merchant-ticket-stats"),
    path("joint-tickets/", views.JointListView.as_view(), name="api-merchant-joint-tickets"),
    path("joint-tickets/<int:pk>/", views.JointDetailView.as_view(), name="api-merchant-joint-ticket"),
    path("routes/", views_routes.RouteListView.as_view(), name="api-merchant-routes"),
    path("routes/<int:pk>/", views_routes.RouteDetailView.as_view(), name="api-merchant-route"),
    path("routes/<int:pk>/stops/", views_routes.StopListView.as_view(), name="api-merchant-route-stops"),
    path("route-stops/<int:pk>/", views_routes.StopDetailView.as_view(), name="api-merchant-route-stop"),
    path("route-stops/<int:pk>/image/", views_routes.StopMediaView.as_view(), {"kind": "image"},
         name="api-merchant-route-stop-image"),
    path("route-stops/<int:pk>/audio/", views_routes.StopMediaView.as_view(), {"kind": "audio"},
         name="api-merchant-route-stop-audio"),
]
