from django.urls import path

from . import views

urlpatterns = [
    path("hotel/rooms/", views.RoomListCreate.as_view(), name="api-hotel-rooms"),
    path("hotel/rooms/<int:pk>/", views.RoomDetail.as_view(), name="api-hotel-room"),
    path("hotel/rooms/<int:pk>/status/", views.RoomStatusView.as_view(), name="api-hotel-room-status"),
    path("hotel/rooms/<int:pk>/holds/", views.RoomHoldView.as_view(), name="api-hotel-room-hold"),
    path("hotel/holds/<str:ref>/", views.HoldReleaseView.as_view(), name="api-hotel-hold"),
    path("hotel/board/", views.BoardView.as_view(), name="api-hotel-board"),
    path("hotel/stays/", views.StayList.as_view(), name="api-hotel-stays"),
    path("hotel/stays/<int:pk>/", views.StayDetail.as_view(), name="api-hotel-stay"),
    path("hotel/stays/<int:pk>/assign/", views.StayAssign.as_view(), name="api-hotel-stay-assign"),
    path("hotel/stays/<int:pk>/unassign/", views.StayUnassign.as_view(), name="api-hotel-stay-unassign"),
    path("hotel/stays/<int:pk>/check-in/", views.StayCheckIn.as_view(), name="api-hotel-stay-check-in"),
    path("hotel/stays/<int:pk>/check-out/", views.StayCheckOut.as_view(), name="api-hotel-stay-check-out"),
    path("hotel/stays/<int:pk>/no-show/", views.StayNoShow.as_view(), name="api-hotel-stay-no-show"),
    path("hotel/stays/<int:pk>/folio/", views.StayFolio.as_view(), name="api-hotel-stay-folio"),
    path("hotel/folios/", views.FolioCreate.as_view(), name="api-hotel-folios"),
    path("hotel/folios/<int:pk>/", views.FolioDetail.as_view(), name="api-hotel-folio"),
    path("hotel/folios/<int:pk>/charges/", views.FolioCharges.as_view(), name="api-hotel-folio-charges"),
    path("hotel/folios/<int:pk>/payments/", views.FolioPayments.as_view(), name="api-hotel-folio-payments"),
    path("hotel/folios/<int:pk>/qr/", views.FolioQr.as_view(), name="api-hotel-folio-qr"),
    path("hotel/ledger/", views.LedgerView.as_view(), name="api-hotel-ledger"),
    path("hotel/ledger/export/", views.LedgerExport.as_view(), name="api-hotel-ledger-export"),
]
