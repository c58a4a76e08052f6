from django.urls import path

from . import views

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/submitted/", views.apply_done, name="apply-done"),
    path("ops/", views.ops_dashboard, name="ops-dashboard"),
    path("ops/applications/", views.ops_applications, name="ops-applications"),
    path("ops/applications/<int:pk>/", views.ops_application_detail, name="ops-application-detail"),
    path("ops/applications/<int:pk>/approve/", views.ops_application_approve, name="ops-application-approve"),
    path("ops/applications/<int:pk>/reject/", views.ops_application_reject, name="ops-application-reject"),
    path("ops/merchants/", views.ops_merchants, name="ops-merchants"),
    path("ops/core-changes/", views.ops_core_changes, name="ops-core-changes"),
    path("ops/core-changes/<int:pk>/approve/", views.ops_core_change_approve, name="ops-core-change-approve"),
    path("ops/core-changes/<int:pk>/reject/", views.ops_core_change_reject, name="ops-core-change-reject"),
    path("ops/oplog/", views.ops_oplog, name="ops-oplog"),
]
