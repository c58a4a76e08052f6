"""Mounted under /api/v1/ on the platform host."""

from django.urls import path

from . import views_member as m
from . import views_octo as o
from . import views_ops as ops

urlpatterns = [
    path("octo/routes/", o.RoutesView.as_view(), name="octo-routes"),
    path("octo/routes/<slug:code>/", o.RouteView.as_view(), name="octo-route"),
    path("octo/routes/<slug:code>/availability/", o.RouteAvailabilityView.as_view(), name="octo-route-availability"),
    path("octo/routes/<slug:code>/bookings/", o.RouteReserveView.as_view(), name="octo-route-reserve"),
    path("octo/route-bookings/", o.RouteBookingsView.as_view(), name="octo-route-bookings"),
    path("octo/route-bookings/<uuid:booking_uuid>/", o.RouteBookingView.as_view(), name="octo-route-booking"),
    path("octo/route-bookings/<uuid:booking_uuid>/confirm/", o.RouteConfirmView.as_view(),
         name="octo-route-booking-confirm"),
    path("octo/route-bookings/<uuid:booking_uuid>/cancel/", o.RouteCancelView.as_view(),
         name="octo-route-booking-cancel"),
    path("distributor/routes/", m.MemberRoutesView.as_view(), name="dst-routes"),
    path("distributor/route-bookings/", m.MemberRouteBookingsView.as_view(), name="dst-route-bookings"),
    path("ops/routes/", ops.RoutesView.as_view(), name="ops-api-routes"),
    path("ops/routes/<int:pk>/", ops.RouteDetailView.as_view(), name="ops-api-route"),
    path("ops/routes/<int:pk>/components/", ops.ComponentsView.as_view(), name="ops-api-route-components"),
    path("ops/routes/<int:pk>/components/<int:component_id>/", ops.ComponentDetailView.as_view(),
         name="ops-api-route-component"),
    path("ops/routes/<int:pk>/publish/", ops.RouteStatusView.as_view(verb="publish"), name="ops-api-route-publish"),
    path("ops/routes/<int:pk>/withdraw/", ops.RouteStatusView.as_view(verb="withdraw"),
         name="ops-api-route-withdraw"),
    path("ops/route-merchants/<slug:merchant>/products/", ops.MerchantProductsView.as_view(),
         name="ops-api-route-products"),
    path("ops/route-bookings/", ops.RouteBookingsView.as_view(), name="ops-api-route-bookings"),
]
