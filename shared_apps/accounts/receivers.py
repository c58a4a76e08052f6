"""Receivers of Django's login signals: every browser login becomes a LoginSession row (listed and
revocable on the security page), a logout ends it."""

from shared_apps.core.clientip import client_ip

from . import services


def on_logged_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None or not session.session_key:
        return
    services.open_web_session(user=user, session_key=session.session_key, ip=client_ip(request),
                              user_agent=request.META.get("HTTP_USER_AGENT", ""))


def on_logged_out(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        services.close_web_session(session_key=session.session_key or "")
