"""A login half done: the password was right, the second factor (or its mandatory set-up) is due.
Kept in the session for a few minutes; nobody is logged in until the code is right."""

import time

from django.contrib.auth import BACKEND_SESSION_KEY, login
from django.utils.translation import get_language

from .models import User

KEY = "pending_login"
TTL_SECONDS = 5 * 60



def localized(exc) -> str:
    """A DomainError's message in the page's language."""
    return exc.message_en if (get_language() or "").startswith("en") else exc.message


def start_pending_login(request, user, next_url: str) -> None:
    request.session[KEY] = {"uid": user.pk, "backend": user.backend, "next": next_url, "at": int(time.time())}


def pending_user(request) -> User | None:
    data = request.session.get(KEY)
    if not data or time.time() - data.get("at", 0) > TTL_SECONDS:
        return None
    user = User.objects.filter(pk=data["uid"], is_active=True).first()
    if user is not None:
        user.backend = data["backend"]
    return user


def finish_pending_login(request, user) -> str:
    """Log the pending user in; returns where to go next."""
    data = request.session.pop(KEY, {})
    login(request, user, backend=data.get("backend") or request.session.get(BACKEND_SESSION_KEY))
    return data.get("next") or "/"
