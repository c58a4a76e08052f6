from django.urls import path

from . import views

urlpatterns = [
    path("core-info/", views.MerchantCoreInfoView.as_view(), name="api-merchant-core-info"),
    path("core-changes/", views.MerchantCoreChangeList.as_view(), name="api-merchant-core-changes"),
]
