from django.urls import path

from . import views

urlpatterns = [
    path("console/products/", views.product_list, name="console-products"),
    path("console/products/<int:pk>/", views.product_detail, name="console-product-detail"),
    path("console/products/<int:pk>/shelf/", views.product_shelf, name="console-product-shelf"),
    path("console/products/<int:pk>/inventory/", views.product_inventory, name="console-product-inventory"),
]
