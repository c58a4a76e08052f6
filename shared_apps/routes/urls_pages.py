from django.urls import path

from . import views

urlpatterns = [
    path("ops/routes/", views.route_list, name="ops-route-list"),
    path("ops/routes/<int:pk>/", views.route_detail, name="ops-route-detail"),
    path("ops/routes/<int:pk>/edit/", views.route_edit, name="ops-route-edit"),
    path("ops/routes/<int:pk>/components/", views.component_add, name="ops-route-component-add"),
    path("ops/routes/<int:pk>/components/<int:component_id>/delete/", views.component_delete,
         name="ops-route-component-delete"),
    path("ops/routes/<int:pk>/status/", views.route_publish, name="ops-route-status"),
    path("ops/route-bookings/", views.route_bookings, name="ops-route-bookings"),
]
