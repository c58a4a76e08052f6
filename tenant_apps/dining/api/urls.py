from django.urls import path

from . import views

urlpatterns = [
    path("dining/tables/", views.TableListCreate.as_view(), name="api-dining-tables"),
    path("dining/tables/<int:pk>/", views.TableDetail.as_view(), name="api-dining-table"),
    path("dining/tables/<int:pk>/rotate-token/", views.TableRotate.as_view(), name="api-dining-table-rotate"),
    path("dining/tables/<int:pk>/qr/", views.TableQr.as_view(), name="api-dining-table-qr"),
    path("dining/tables/<int:pk>/sittings/", views.TableOpen.as_view(), name="api-dining-table-open"),
    path("dining/sittings/", views.SittingList.as_view(), name="api-dining-sittings"),
    path("dining/sittings/<int:pk>/", views.SittingDetail.as_view(), name="api-dining-sitting"),
    path("dining/sittings/<int:pk>/orders/", views.SittingOrders.as_view(), name="api-dining-sitting-orders"),
    path("dining/sittings/<int:pk>/close/", views.SittingClose.as_view(), name="api-dining-sitting-close"),
    path("dining/kitchen/", views.KitchenQueue.as_view(), name="api-dining-kitchen"),
    path("dining/kitchen/<int:pk>/advance/", views.KitchenAdvance.as_view(), name="api-dining-kitchen-advance"),
    path("dining/bills/<int:pk>/", views.BillDetail.as_view(), name="api-dining-bill"),
    path("dining/bills/<int:pk>/payments/", views.BillPayments.as_view(), name="api-dining-bill-payments"),
    path("dining/bills/<int:pk>/coupon/", views.BillCoupon.as_view(), name="api-dining-bill-coupon"),
    path("dining/bills/<int:pk>/qr/", views.BillQr.as_view(), name="api-dining-bill-qr"),
    path("dining/coupons/", views.CouponListCreate.as_view(), name="api-dining-coupons"),
    path("dining/coupons/<int:pk>/void/", views.CouponVoid.as_view(), name="api-dining-coupon-void"),
    path("dining/ledger/", views.LedgerView.as_view(), name="api-dining-ledger"),
    path("dining/ledger/export/", views.LedgerExport.as_view(), name="api-dining-ledger-export"),
    path("dining/reconciliation/", views.ReconciliationView.as_view(), name="api-dining-reconciliation"),
]
