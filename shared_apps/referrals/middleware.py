"""Referral links (DST-MEM-02): `?ref=CODE` on any platform page is remembered in the session
and the visitor is bound to that distributor once signed in (sign-up or log-in, then checkout).
API clients (JWT) call POST /api/v1/referrals/bind/ instead. Enable by adding
"shared_apps.referrals.middleware.ReferralMiddleware" after AuthenticationMiddleware."""

from shared_apps.core.failures import DomainError

from .services.commission import bind

SESSION_KEY = "referral_code"


class ReferralMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        code = (request.GET.get("ref") or "").strip()[:12]
        if session is not None and code and not request.path.startswith("/api/"):
            session[SESSION_KEY] = code
        response = self.get_response(request)
        user = getattr(request, "user", None)
        pending = session.get(SESSION_KEY) if session is not None else None
        if pending and user is not None and user.is_authenticated and getattr(user, "api_key", None) is None:
            try:
                bind(user=user, code=pending, source="link")
            except DomainError:
                pass  # unknown code, already bound elsewhere or self-referral: the link is simply ignored
            session.pop(SESSION_KEY, None)
        return response
