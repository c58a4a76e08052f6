"""Distributor API keys (`Authorization: Api-Key tpk_<prefix>_<secret>` or `X-Api-Key: ...`) and JWTs
bound to a live login session."""

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication

from shared_apps.core import ratelimit

from .models import ApiKey, Distributor
from .services import session_is_live


class SessionJWTAuthentication(JWTAuthentication):
    """simplejwt's bearer authentication, refusing a token whose login session (`sid`) was revoked."""

    def get_validated_token(self, raw_token):
        token = super().get_validated_token(raw_token)
        sid = token.get("sid")
        if sid is not None and not session_is_live(sid):
            raise exceptions.AuthenticationFailed("Login session revoked", code="session_revoked")
        return token


class ApiKeyPrincipal:
    """request.user for an API-key call: the distributor acting through one key."""

    is_authenticated = True
    is_anonymous = False
    is_superuser = False
    is_staff = False
    is_operator = False
    operator_role = ""
    pk = id = None

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key
        self.distributor = api_key.distributor
        self.username = f"apikey:{api_key.prefix}"

    def __str__(self):
        return f"{self.distributor.name} / {self.api_key.name}"


def parse_key(raw: str) -> tuple[str, str] | None:
    parts = raw.strip().split("_")
    if len(parts) != 3 or parts[0] != "tpk" or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate_header(self, request):
        return self.keyword

    def authenticate(self, request):
        raw = request.headers.get("X-Api-Key")
        if raw is None:
            header = request.headers.get("Authorization", "")
            if not header.startswith(self.keyword + " "):
                return None
            raw = header[len(self.keyword) + 1:]
        parsed = parse_key(raw)
        if parsed is None:
            raise exceptions.AuthenticationFailed("API key malformed", code="api_key_invalid")
        prefix, secret = parsed
        key = ApiKey.objects.select_related("distributor").filter(prefix=prefix).first()
        if key is None or not key.matches(secret):
            raise exceptions.AuthenticationFailed("API key unknown", code="api_key_invalid")
        if not key.is_active or key.distributor.status != Distributor.Status.ACTIVE:
            raise exceptions.AuthenticationFailed("API key revoked or distributor suspended", code="api_key_inactive")
        allowed, retry_after = ratelimit.hit(f"apikey:{key.prefix}", key.rate_limit_per_minute, 60)
        if not allowed:
            raise exceptions.Throttled(wait=retry_after)
        if key.last_used_at is None or (timezone.now() - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return ApiKeyPrincipal(key), key
