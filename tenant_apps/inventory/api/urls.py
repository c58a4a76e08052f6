from django.urls import path

from .views import InventoryView

urlpatterns = [path("products/<int:pk>/inventory/", InventoryView.as_view(), name="api-merchant-inventory")]
