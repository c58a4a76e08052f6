"""Merchant console pages for distribution (merchant host)."""

from django.urls import path

from . import views_console as v

urlpatterns = [
    path("console/distribution/", v.distribution_home, name="console-distribution"),
    path("console/distribution/policies/<int:pk>/", v.policy_edit, name="console-distribution-policy"),
    path("console/distribution/policies/<int:pk>/delete/", v.policy_delete,
         name="console-distribution-policy-delete"),
]
