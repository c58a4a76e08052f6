from django.urls import path

from . import views

urlpatterns = [
    path("ops/withdrawals/", views.OpsWithdrawalsView.as_view(), name="api-ops-withdrawals"),
    path("ops/withdrawals/<int:pk>/approve/", views.OpsWithdrawalDecision.as_view(), name="api-ops-withdrawal-ok"),
    path("ops/withdrawals/<int:pk>/reject/", views.OpsWithdrawalReject.as_view(), name="api-ops-withdrawal-no"),
    path("ops/finance/", views.OpsFinanceView.as_view(), name="api-ops-finance"),
    path("ops/reconciliation/", views.OpsReconciliationView.as_view(), name="api-ops-reconciliation"),
]
