"""Included on BOTH the platform host and merchant hosts: names must stay unique."""

from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", views.PlatformLoginView.as_view(), name="login"),
    path("accounts/logout/", views.PlatformLogoutView.as_view(), name="logout"),
    path("accounts/register/", views.register, name="register"),
]
