from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="console-index"),
    path("console/", views.dashboard, name="console-dashboard"),
    path("console/profile/", views.profile, name="console-profile"),
    path("console/staff/", views.staff, name="console-staff"),
    path("console/staff/<int:pk>/deactivate/", views.staff_deactivate, name="console-staff-deactivate"),
    path("console/oplog/", views.oplog, name="console-oplog"),
]
