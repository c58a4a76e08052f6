"""Included on BOTH the platform host and merchant hosts: names must stay unique.
Pages under /accounts/login/ are open on a merchant host (the console middleware lets them through)."""

from django.urls import path

from . import views, views_security

urlpatterns = [
    path("accounts/login/", views.PlatformLoginView.as_view(), name="login"),
    path("accounts/login/otp/", views_security.login_otp, name="login-otp"),
    path("accounts/login/two-factor/", views_security.totp_setup, name="login-totp-setup"),
    path("accounts/logout/", views.PlatformLogoutView.as_view(), name="logout"),
    path("accounts/register/", views.register, name="register"),
    path("accounts/security/", views_security.security, name="security"),
    path("accounts/security/sessions/<int:pk>/revoke/", views_security.session_revoke, name="security-session-revoke"),
    path("accounts/security/sessions/revoke-others/", views_security.sessions_revoke_others,
         name="security-sessions-revoke-others"),
    path("accounts/security/two-factor/", views_security.totp_setup, name="security-totp-setup"),
    path("accounts/security/two-factor/disable/", views_security.totp_disable, name="security-totp-disable"),
]
