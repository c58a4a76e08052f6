from django.urls import path

from . import views

urlpatterns = [
    path("console/scanner/", views.scanner, name="console-scanner"),
    path("console/tickets/", views.ticket_list, name="console-tickets"),
    path("console/ticket-stats/", views.stats, name="console-ticket-stats"),
    path("console/routes/", views.route_list, name="console-routes"),
    path("console/routes/<int:pk>/", views.route_detail, name="console-route"),
    path("console/route-stops/<int:pk>/image/", views.route_media, {"kind": "image"}, name="console-route-image"),
    path("console/route-stops/<int:pk>/audio/", views.route_media, {"kind": "audio"}, name="console-route-audio"),
    path("console/joint-tickets/", views.joint_list, name="console-joint-tickets"),
    path("console/ticket-keys/rotate/", views.rotate_key, name="console-ticket-keys-rotate"),
]
