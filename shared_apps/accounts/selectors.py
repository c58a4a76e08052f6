"""Reads of accounts: a user's live login sessions (OPS-ACC-08)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import LoginSession


def live_sessions(user):
    """The user's login sessions that still work: not revoked, and not past their lifetime (a
    browser session's cookie age after its login; a token chain's refresh lifetime after its last
    rotation). Newest first."""
    now = timezone.now()
    web_since = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    api_since = now - settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"]
    return (LoginSession.objects.filter(user=user, revoked_at__isnull=True)
            .filter(Q(kind=LoginSession.Kind.WEB, last_seen_at__gte=web_since)
                    | Q(kind=LoginSession.Kind.API, last_seen_at__gte=api_since))
            .order_by("-last_seen_at", "-id"))


def current_session_id(request) -> int | None:
    """The LoginSession of this request: the token's `sid`, or the browser session's row."""
    auth = getattr(request, "auth", None)
    if auth is not None and hasattr(auth, "get") and auth.get("sid") is not None:
        return auth.get("sid")
    key = getattr(getattr(request, "session", None), "session_key", None)
    if not key:
        return None
    return (LoginSession.objects.filter(user=request.user, session_key=key, revoked_at__isnull=True)
            .values_list("id", flat=True).first())
