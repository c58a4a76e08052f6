from django.urls import path

from tenant_apps.dining import views as dining_views

from . import views

urlpatterns = [
    path("console/shop/", views.shipments, name="shop-shipments"),
    path("console/shop/shipments/<int:pk>/", views.shipment_detail, name="shop-shipment"),
    path("console/shop/returns/", views.returns_list, name="shop-returns"),
    path("console/shop/returns/<int:pk>/<slug:action>/", views.return_action, name="shop-return-action"),
    path("console/shop/complaints/", views.complaints_list, name="shop-complaints"),
    path("console/shop/complaints/<int:pk>/", views.complaint_detail, name="shop-complaint"),
    path("console/shop/stats/", views.sales_stats, name="shop-stats"),
    path("console/shop/suppliers/", views.suppliers, name="shop-suppliers"),
    path("console/shop/coupons/", dining_views.coupons, name="shop-coupons"),  # the one coupon page (EC-SHP-07)
]
