from django.urls import path

from .views import StoreProfileView

urlpatterns = [path("profile/", StoreProfileView.as_view(), name="api-merchant-profile")]
