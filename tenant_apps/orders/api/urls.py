from django.urls import path

from . import views

urlpatterns = [
    path("orders/", views.OrderListView.as_view(), name="api-merchant-orders"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="api-merchant-order"),
    path("orders/<int:pk>/fulfil/", views.OrderFulfilView.as_view(), name="api-merchant-order-fulfil"),
    path("orders/<int:pk>/complete/", views.OrderCompleteView.as_view(), name="api-merchant-order-complete"),
    path("refunds/", views.RefundListView.as_view(), name="api-merchant-refunds"),
    path("refunds/<int:pk>/approve/", views.RefundDecisionView.as_view(), name="api-merchant-refund-approve"),
    path("refunds/<int:pk>/reject/", views.RefundRejectView.as_view(), name="api-merchant-refund-reject"),
]
