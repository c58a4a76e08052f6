from django.urls import path

from .views import (
    AddressDefaultView,
    AddressDetailView,
    AddressListView,
    PreferencesView,
    ProfileView,
    TravellerDetailView,
    TravellerListView,
)

urlpatterns = [
    path("me/travellers/", TravellerListView.as_view(), name="api-me-travellers"),
    path("me/travellers/<int:pk>/", TravellerDetailView.as_view(), name="api-me-traveller"),
    path("me/addresses/", AddressListView.as_view(), name="api-me-addresses"),
    path("me/addresses/<int:pk>/", AddressDetailView.as_view(), name="api-me-address"),
    path("me/addresses/<int:pk>/default/", AddressDefaultView.as_view(), name="api-me-address-default"),
    path("me/profile/", ProfileView.as_view(), name="api-me-profile"),
    path("me/preferences/", PreferencesView.as_view(), name="api-me-preferences"),
]
