from django.urls import path

from . import views

urlpatterns = [
    path("ops/orders/", views.ops_orders, name="ops-orders"),
    path("ops/finance/", views.ops_finance, name="ops-finance"),
    path("ops/withdrawals/", views.ops_withdrawals, name="ops-withdrawals"),
    path("ops/withdrawals/<int:pk>/review/", views.ops_withdrawal_review, name="ops-withdrawal-review"),
    path("ops/reconciliation/", views.ops_reconciliation, name="ops-reconciliation"),
]
