from django.urls import path

from . import views

urlpatterns = [
    path("products/", views.ProductListCreate.as_view(), name="api-catalog-products"),
    path("products/<int:pk>/", views.ProductDetail.as_view(), name="api-catalog-product"),
    path("products/<int:pk>/shelf/", views.ProductShelf.as_view(), name="api-catalog-product-shelf"),
    path("products/<int:pk>/prices/", views.ProductPrices.as_view(), name="api-catalog-product-prices"),
    path("products/<int:pk>/package-items/", views.PackageItems.as_view(), name="api-catalog-package-items"),
    path("products/<int:pk>/price-calendar/", views.PriceCalendar.as_view(), name="api-catalog-price-calendar"),
    path("prices/<int:pk>/", views.PricePolicyDelete.as_view(), name="api-catalog-price"),
    path("facilities/", views.FacilityListCreate.as_view(), name="api-catalog-facilities"),
]
