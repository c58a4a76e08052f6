from django.urls import path

from . import views, views_pay_later, views_preview

urlpatterns = [
    path("cart/", views.CartView.as_view(), name="api-cart"),
    path("cart/items/", views.CartItemsView.as_view(), name="api-cart-items"),
    path("cart/items/<int:pk>/", views.CartItemView.as_view(), name="api-cart-item"),
    path("checkouts/", views.CheckoutCreateView.as_view(), name="api-checkouts"),
    path("checkouts/preview/", views_preview.CheckoutPreviewView.as_view(), name="api-checkout-preview"),
    path("checkouts/<int:pk>/", views.CheckoutDetailView.as_view(), name="api-checkout"),
    path("checkouts/<int:pk>/cancel/", views.CheckoutCancelView.as_view(), name="api-checkout-cancel"),
    path("me/orders/", views.MyOrdersView.as_view(), name="api-my-orders"),
    path("me/orders/<slug:merchant>/<str:order_no>/", views.MyOrderDetailView.as_view(), name="api-my-order"),
    path("me/orders/<slug:merchant>/<str:order_no>/refund/", views.MyOrderRefundView.as_view(),
         name="api-my-order-refund"),
    path("me/orders/<slug:merchant>/<str:order_no>/cancel/", views_pay_later.MyOrderCancelView.as_view(),
         name="api-my-order-cancel"),
    path("market/merchants/<slug:merchant>/products/<int:product_id>/availability/",
         views.AvailabilityView.as_view(), name="api-availability"),
]
