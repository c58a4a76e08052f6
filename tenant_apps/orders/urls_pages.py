from django.urls import path

from . import views, views_finance

urlpatterns = [
    path("console/orders/", views.order_list, name="console-orders"),
    path("console/orders/<int:pk>/", views.order_detail, name="console-order-detail"),
    path("console/orders/<int:pk>/action/", views.order_action, name="console-order-action"),
    path("console/finance/", views_finance.finance, name="console-finance"),
]
