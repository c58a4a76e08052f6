from django.urls import path

from . import views

urlpatterns = [
    path("shop/carriers/", views.CarrierList.as_view(), name="api-shop-carriers"),
    path("shop/suppliers/", views.SupplierListCreate.as_view(), name="api-shop-suppliers"),
    path("shop/suppliers/<int:pk>/", views.SupplierDetail.as_view(), name="api-shop-supplier"),
    path("shop/suppliers/<int:pk>/products/", views.SupplierProducts.as_view(), name="api-shop-supplier-products"),
    path("shop/bundles/", views.BundleListCreate.as_view(), name="api-shop-bundles"),
    path("shop/bundles/preview/", views.BundlePreview.as_view(), name="api-shop-bundle-preview"),
    path("shop/bundles/<int:pk>/", views.BundleDetail.as_view(), name="api-shop-bundle"),
    path("shop/shipments/", views.ShipmentList.as_view(), name="api-shop-shipments"),
    path("shop/shipments/<int:pk>/", views.ShipmentDetail.as_view(), name="api-shop-shipment"),
    path("shop/shipments/<int:pk>/ship/", views.ShipmentShip.as_view(), name="api-shop-shipment-ship"),
    path("shop/shipments/<int:pk>/tracking/", views.ShipmentTracking.as_view(), name="api-shop-shipment-tracking"),
    path("shop/shipments/<int:pk>/poll/", views.ShipmentPoll.as_view(), name="api-shop-shipment-poll"),
    path("shop/returns/", views.ReturnList.as_view(), name="api-shop-returns"),
    path("shop/returns/<int:pk>/", views.ReturnDetail.as_view(), name="api-shop-return"),
    path("shop/returns/<int:pk>/approve/", views.ReturnDecide.as_view(), name="api-shop-return-approve"),
    path("shop/returns/<int:pk>/reject/", views.ReturnReject.as_view(), name="api-shop-return-reject"),
    path("shop/returns/<int:pk>/goods-received/", views.ReturnGoodsReceived.as_view(),
         name="api-shop-return-received"),
    path("shop/returns/<int:pk>/refund/", views.ReturnRefund.as_view(), name="api-shop-return-refund"),
    path("shop/complaints/", views.ComplaintList.as_view(), name="api-shop-complaints"),
    path("shop/complaints/<int:pk>/", views.ComplaintDetail.as_view(), name="api-shop-complaint"),
    path("shop/complaints/<int:pk>/reply/", views.ComplaintReply.as_view(), name="api-shop-complaint-reply"),
    path("shop/stats/daily/", views.DailyStats.as_view(), name="api-shop-stats-daily"),
]
