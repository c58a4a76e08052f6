"""Tourist H5 pages on the platform host (include in config/urls_public.py before core's pages)."""

from django.urls import path

from .views import buy, me, offline_pay, orders, pay_later, shop

urlpatterns = [
    path("", shop.home, name="web-home"),
    path("c/<slug:slug>/", shop.category, name="web-category"),
    path("search/", shop.search, name="web-search"),
    path("m/<slug:schema>/", shop.merchant, name="web-merchant"),
    path("p/<slug:schema>/<int:product_id>/", shop.product, name="web-product"),
    path("p/<slug:schema>/<int:product_id>/sessions/", shop.product_sessions, name="web-product-sessions"),
    path("cart/", shop.cart, name="web-cart"),
    path("cart/add/", shop.cart_add, name="web-cart-add"),
    path("cart/items/<int:pk>/", shop.cart_update, name="web-cart-update"),
    path("checkout/", buy.checkout, name="web-checkout"),
    path("pay/offline/", offline_pay.offline_pay, name="web-offline-pay"),
    path("pay/offline/return/", offline_pay.offline_return, name="web-offline-pay-return"),
    path("pay/offline/<int:pk>/", offline_pay.offline_result, name="web-offline-pay-result"),
    path("pay/<int:pk>/", buy.pay, name="web-pay"),
    path("pay/<int:pk>/cancel/", buy.cancel, name="web-pay-cancel"),
    path("pay/<int:pk>/result/", buy.pay_result, name="web-pay-result"),
    path("orders/", orders.orders, name="web-orders"),
    path("orders/<slug:schema>/<str:order_no>/", orders.order_detail, name="web-order"),
    path("orders/<slug:schema>/<str:order_no>/refund/", orders.order_refund, name="web-order-refund"),
    path("orders/<slug:schema>/<str:order_no>/cancel/", pay_later.order_cancel, name="web-order-cancel"),
    path("orders/<slug:schema>/<str:order_no>/return/", orders.order_return, name="web-order-return"),
    path("me/", me.centre, name="web-me"),
    path("me/profile/", me.profile, name="web-me-profile"),
    path("me/wallet/", me.wallet, name="web-me-wallet"),
    path("me/wallet/result/", buy.topup_result, name="web-topup-result"),
    path("me/travellers/", me.travellers, name="web-me-travellers"),
    path("me/travellers/<int:pk>/delete/", me.traveller_delete, name="web-me-traveller-delete"),
    path("me/addresses/", me.addresses, name="web-me-addresses"),
    path("me/addresses/<int:pk>/", me.address_action, name="web-me-address-action"),
    path("me/preferences/", me.preferences, name="web-me-preferences"),
    path("me/stats/", me.stats, name="web-me-stats"),
]
