from django.urls import path

from . import views

urlpatterns = [
    path("market/listings/", views.ListingList.as_view(), name="api-market-listings"),
    path("market/merchants/<slug:schema>/products/<int:product_id>/", views.MarketProductDetail.as_view(),
         name="api-market-product"),
]
