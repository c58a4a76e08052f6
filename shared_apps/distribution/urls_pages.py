"""Distributor member area pages (platform host). The member CRM pages: shared_apps.referrals.urls_pages."""

from django.urls import path

from . import views_pages as v

urlpatterns = [
    path("distributor/prices/", v.prices, name="dst-page-prices"),
]
