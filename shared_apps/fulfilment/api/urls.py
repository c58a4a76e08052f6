from django.urls import path

from . import views

urlpatterns = [
    path("me/tickets/", views.MyTicketsView.as_view(), name="api-me-tickets"),
    path("me/notifications/", views.NotificationListView.as_view(), name="api-me-notifications"),
    path("me/notifications/read-all/", views.NotificationReadAllView.as_view(), name="api-me-notifications-read-all"),
    path("me/notifications/<int:pk>/read/", views.NotificationReadView.as_view(), name="api-me-notification-read"),
    path("market/merchants/<slug:merchant>/ticket-keys/", views.TicketKeysView.as_view(), name="api-ticket-keys"),
    path("market/merchants/<slug:merchant>/routes/", views.PublicRouteListView.as_view(), name="api-public-routes"),
    path("market/merchants/<slug:merchant>/routes/<int:pk>/", views.PublicRouteDetailView.as_view(),
         name="api-public-route"),
    path("market/merchants/<slug:merchant>/route-stops/<int:pk>/image/", views.PublicRouteMediaView.as_view(),
         {"kind": "image"}, name="api-public-route-image"),
    path("market/merchants/<slug:merchant>/route-stops/<int:pk>/audio/", views.PublicRouteMediaView.as_view(),
         {"kind": "audio"}, name="api-public-route-audio"),
]
