from django.urls import path

from . import views

urlpatterns = [
    path("settlement/", views.MerchantSettlementView.as_view(), name="api-merchant-settlement"),
    path("statement/", views.MerchantStatementView.as_view(), name="api-merchant-statement"),
    path("withdrawals/", views.MerchantWithdrawalsView.as_view(), name="api-merchant-withdrawals"),
]
