from django.urls import path

from . import views

urlpatterns = [
    path("console/hotel/", views.board, name="hotel-board"),
    path("console/hotel/rooms/", views.rooms, name="hotel-rooms"),
    path("console/hotel/rooms/<int:pk>/status/", views.room_status, name="hotel-room-status"),
    path("console/hotel/stays/", views.stays, name="hotel-stays"),
    path("console/hotel/stays/<int:pk>/", views.stay_detail, name="hotel-stay"),
    path("console/hotel/stays/<int:pk>/<slug:action>/", views.stay_action, name="hotel-stay-action"),
    path("console/hotel/ledger/", views.ledger, name="hotel-ledger"),
    path("console/hotel/ledger.csv", views.ledger_csv, name="hotel-ledger-csv"),
]
