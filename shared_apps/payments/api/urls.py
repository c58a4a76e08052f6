from django.urls import path

from . import views

urlpatterns = [
    path("payments/", views.PaymentCreateView.as_view(), name="api-payments"),
    path("payments/offline/", views.OfflinePaymentView.as_view(), name="api-payments-offline"),
    path("payments/<int:pk>/", views.PaymentDetailView.as_view(), name="api-payment"),
    path("payments/callbacks/<str:gateway>/", views.GatewayCallbackView.as_view(), name="api-payment-callback"),
    path("me/wallet/", views.WalletView.as_view(), name="api-my-wallet"),
]
