from django.urls import path

from . import views

urlpatterns = [
    path("onboarding/applications/", views.ApplicationSubmitView.as_view(), name="api-apply"),
    path("ops/applications/", views.OpsApplicationList.as_view(), name="api-ops-applications"),
    path("ops/applications/<int:pk>/", views.OpsApplicationDetail.as_view(), name="api-ops-application"),
    path("ops/applications/<int:pk>/approve/", views.OpsApplicationApprove.as_view(), name="api-ops-approve"),
    path("ops/applications/<int:pk>/reject/", views.OpsApplicationReject.as_view(), name="api-ops-reject"),
    path("ops/core-changes/", views.OpsCoreChangeList.as_view(), name="api-ops-core-changes"),
    path("ops/core-changes/<int:pk>/approve/", views.OpsCoreChangeApprove.as_view(), name="api-ops-change-approve"),
    path("ops/core-changes/<int:pk>/reject/", views.OpsCoreChangeReject.as_view(), name="api-ops-change-reject"),
    path("ops/merchants/", views.OpsMerchantList.as_view(), name="api-ops-merchants"),
]
