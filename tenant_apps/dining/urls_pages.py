from django.urls import path

from . import views

urlpatterns = [
    path("console/dining/", views.tables, name="dining-tables"),
    path("console/dining/tables/<int:pk>/<slug:action>/", views.table_action, name="dining-table-action"),
    path("console/dining/kitchen/", views.kitchen, name="dining-kitchen"),
    path("console/dining/kitchen/queue/", views.kitchen_queue, name="dining-kitchen-queue"),
    path("console/dining/kitchen/<int:pk>/<slug:to>/", views.kitchen_advance, name="dining-kitchen-advance"),
    path("console/dining/bills/", views.bills, name="dining-bills"),
    path("console/dining/bills/<int:pk>/", views.bill_detail, name="dining-bill"),
    path("console/dining/coupons/", views.coupons, name="dining-coupons"),
    path("console/dining/reconcile/", views.reconcile, name="dining-reconcile"),
    path("console/dining/ledger.csv", views.ledger_csv, name="dining-ledger-csv"),
]
