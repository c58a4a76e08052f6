"""Logins and login sessions (OPS-ACC-08): the tourist and the staff token endpoints (brute-force
protected, two-factor where on), refresh-token rotation, and the user's sessions (list, revoke)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts import errors
from shared_apps.core.api_schema import OkSerializer
from shared_apps.core.api_schema import errors as error_responses
from shared_apps.core.clientip import client_ip
from shared_apps.core.failures import DomainError
from shared_apps.core.permissions import SCOPE_STAFF, SCOPE_TOURIST

from .. import selectors, services
from ..authentication import ApiKeyPrincipal
from .responses import LoginSessionSerializer, RevokedCountSerializer, TokenPairSerializer
from .serializers import LoginSerializer, RefreshSerializer


def token_login(request, *, scope: str) -> dict:
    ser = LoginSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    data, ip = ser.validated_data, client_ip(request)
    user = services.password_login(request=request, username=data["username"], password=data["password"], ip=ip)
    if user is None:
        raise exceptions.AuthenticationFailed("No active account found with the given credentials",
                                              code="no_active_account")
    if scope == SCOPE_TOURIST and user.is_staff_account:
        raise DomainError(errors.STAFF_LOGIN_REQUIRED)
    if scope == SCOPE_STAFF and not user.is_staff_account:
        raise DomainError(errors.NOT_STAFF_ACCOUNT)
    if user.has_totp:
        services.check_second_factor(user=user, code=data.get("otp", ""), ip=ip)
    elif services.totp_mandatory(user):
        raise DomainError(errors.OTP_SETUP_REQUIRED)
    return services.open_token_session(user=user, scope=scope, ip=ip,
                                       user_agent=request.META.get("HTTP_USER_AGENT", ""))


class LoginEndpoint(APIView):
    """Open to anonymous callers; a refused login is a 401 with a Bearer challenge (not DRF's 403)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get_authenticate_header(self, request):
        return 'Bearer realm="api"'


class TouristTokenView(LoginEndpoint):
    """Tourist login: a JWT pair of scope "tourist". Staff accounts are refused (`staff_login_required`):
    they log in at /api/v1/ops/auth/token/. Too many failures lock the account and the address
    (`login_locked`, 429, `details.retry_after` seconds)."""

    @extend_schema(request=LoginSerializer, responses={200: TokenPairSerializer, **error_responses(400, 401, 403, 429)})
    def post(self, request):
        return Response(token_login(request, scope=SCOPE_TOURIST))


class StaffTokenView(LoginEndpoint):
    """Staff login (operators and merchant staff): a JWT pair of scope "staff", the only kind the
    operator (/api/v1/ops/...) and merchant APIs accept. `otp` is required when two-factor is on;
    operators must have it on where settings.OPERATOR_TOTP_REQUIRED (`otp_setup_required`)."""

    @extend_schema(request=LoginSerializer, responses={200: TokenPairSerializer, **error_responses(400, 401, 403, 429)})
    def post(self, request):
        return Response(token_login(request, scope=SCOPE_STAFF))


class RefreshView(LoginEndpoint):
    """Use a refresh token once: a new pair comes back and the used token is blacklisted. A token
    used a second time is refused and ends its login session."""

    @extend_schema(request=RefreshSerializer, responses={200: TokenPairSerializer, **error_responses(400, 401)})
    def post(self, request):
        ser = RefreshSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        return Response(services.rotate_refresh(raw=ser.validated_data["refresh"]))


def _user(request):
    if isinstance(request.user, ApiKeyPrincipal):
        raise DomainError(errors.NOT_A_USER)
    return request.user


class SessionsView(APIView):
    """The caller's live login sessions (browsers and token chains), the current one marked."""

    @extend_schema(responses={200: LoginSessionSerializer(many=True), **error_responses(401)})
    def get(self, request):
        user = _user(request)
        current = selectors.current_session_id(request)
        rows = [{"id": s.pk, "kind": s.kind, "user_agent": s.user_agent, "ip": s.ip, "created_at": s.created_at,
                 "last_seen_at": s.last_seen_at, "current": s.pk == current}
                for s in selectors.live_sessions(user)]
        return Response(LoginSessionSerializer(rows, many=True).data)


class SessionRevokeView(APIView):
    """End one of the caller's sessions: that browser is logged out, that token chain stops at once."""

    @extend_schema(request=None, responses={200: OkSerializer, **error_responses(401, 404)})
    def post(self, request, pk: int):
        services.revoke_session(user=_user(request), session_id=pk)
        return Response({"ok": True})


class SessionRevokeOthersView(APIView):
    """End every session of the caller but the one making this request."""

    @extend_schema(request=None, responses={200: RevokedCountSerializer, **error_responses(401)})
    def post(self, request):
        user = _user(request)
        count = services.revoke_other_sessions(user=user, keep_id=selectors.current_session_id(request))
        return Response({"revoked": count})
