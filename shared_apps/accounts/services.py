"""Account use cases. Every write goes through here."""

import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.tokens import RefreshToken

from shared_apps.accounts import errors
from shared_apps.core import redis as redis_store
from shared_apps.core.failures import DomainError

from . import lockout, tokens, twofactor
from .models import ApiKey, Distributor, LoginSession, MerchantMembership, User, hash_api_secret
from .signals import login_locked

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def register_tourist(*, username: str, password: str, phone: str = "", display_name: str = "") -> User:
    if User.objects.filter(username=username).exists():
        raise DomainError(errors.USERNAME_TAKEN)
    if phone and User.objects.filter(phone=phone).exists():
        raise DomainError(errors.PHONE_TAKEN)
    validate_password(password)
    return User.objects.create_user(
        username=username, password=password, phone=phone or None, display_name=display_name or username
    )


@transaction.atomic
def add_staff(*, merchant, username: str, role: str, password: str | None = None,
              display_name: str = "") -> MerchantMembership:
    """Add a staff member to `merchant` (creating the account when it does not exist)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        if not password:
            raise DomainError(errors.PASSWORD_REQUIRED)
        validate_password(password)
        user = User.objects.create_user(username=username, password=password, display_name=display_name or username)
    membership, created = MerchantMembership.objects.get_or_create(
        user=user, merchant=merchant, defaults={"role": role}
    )
    if not created:
        if membership.is_active:
            raise DomainError(errors.ALREADY_STAFF)
        membership.role, membership.is_active = role, True
        membership.save(update_fields=["role", "is_active"])
    return membership


def deactivate_staff(*, membership: MerchantMembership) -> None:
    if membership.role == "owner":
        raise DomainError(errors.OWNER_LOCKED)
    membership.is_active = False
    membership.save(update_fields=["is_active"])


@transaction.atomic
def issue_api_key(*, distributor: Distributor, name: str, merchants=(), rate_limit_per_minute: int = 600):
    """Create a key; return (ApiKey, plaintext). The plaintext is shown once and never stored."""
    prefix = secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32).replace("_", "x")
    key = ApiKey.objects.create(
        distributor=distributor, name=name, prefix=prefix, secret_hash=hash_api_secret(secret),
        rate_limit_per_minute=rate_limit_per_minute,
    )
    key.merchants.set(merchants)
    return key, f"tpk_{prefix}_{secret}"


def revoke_api_key(*, api_key: ApiKey) -> None:
    api_key.is_active = False
    api_key.save(update_fields=["is_active"])


# ---- logins: brute-force protection, two-factor (OPS-ACC-08) --------------------------------------

def _locked(seconds: int) -> DomainError:
    return DomainError(errors.LOGIN_LOCKED, details={"retry_after": seconds}, seconds=seconds)


def _count_failure(*, username: str, ip: str) -> None:
    """Count a failed attempt; when it starts a lock, alert the account and refuse with LOGIN_LOCKED."""
    seconds, on_account = lockout.record_failure(username=username, ip=ip)
    if not seconds:
        return
    user = User.objects.filter(username__iexact=lockout.account_of(username)).first() if on_account else None
    if user is not None:
        login_locked.send(sender=User, user=user, seconds=seconds, ip=ip)
    raise _locked(seconds)


def password_login(*, request, username: str, password: str, ip: str) -> User | None:
    """One password attempt under the brute-force protection: LOGIN_LOCKED while the account or the
    address is locked (the right password too); None for wrong credentials (counted); the user on
    success (the account's failure count reset, unless the second factor is still due)."""
    if seconds := lockout.locked_for(username=username, ip=ip):
        raise _locked(seconds)
    user = authenticate(request, username=username, password=password)
    if user is None:
        _count_failure(username=username, ip=ip)
        return None
    if not user.has_totp:  # with two-factor on, only the right code completes (and resets) the login
        lockout.record_success(username=username)
    return user


def totp_mandatory(user: User) -> bool:
    """Must this account use two-factor? Operators, where settings.OPERATOR_TOTP_REQUIRED says so."""
    return settings.OPERATOR_TOTP_REQUIRED and user.is_operator


def check_second_factor(*, user: User, code: str, ip: str) -> None:
    """The two-factor step of a login by `user` (who has TOTP on): a wrong code counts as a failed
    login; LOGIN_LOCKED while locked."""
    if seconds := lockout.locked_for(username=user.username, ip=ip):
        raise _locked(seconds)
    if not code:
        raise DomainError(errors.OTP_REQUIRED)
    if not twofactor.code_matches(secret=user.totp_secret, code=code, user_id=user.pk):
        _count_failure(username=user.username, ip=ip)
        raise DomainError(errors.OTP_INVALID)
    lockout.record_success(username=user.username)


def start_totp_setup(*, user: User) -> str:
    """A new (unconfirmed) secret for `user`; two-factor turns on when a code confirms it. Returns the
    otpauth:// URI for the authenticator app."""
    user.totp_secret, user.totp_confirmed_at = twofactor.new_secret(), None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return twofactor.provisioning_uri(secret=user.totp_secret, username=user.username)


def confirm_totp(*, user: User, code: str) -> None:
    if not user.totp_secret:
        raise DomainError(errors.OTP_NOT_STARTED)
    if not twofactor.code_matches(secret=user.totp_secret, code=code, user_id=user.pk):
        raise DomainError(errors.OTP_INVALID)
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_confirmed_at"])


def disable_totp(*, user: User, code: str) -> None:
    """Turn two-factor off (a current code proves the device); refused where it is mandatory."""
    if totp_mandatory(user):
        raise DomainError(errors.OTP_SETUP_REQUIRED)
    if not twofactor.code_matches(secret=user.totp_secret, code=code, user_id=user.pk):
        raise DomainError(errors.OTP_INVALID)
    user.totp_secret, user.totp_confirmed_at = "", None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])


# ---- login sessions: list and revoke (OPS-ACC-08) -------------------------------------------------

def _revoked_key(sid: int) -> str:
    return f"auth:revoked-sid:{sid}"


def open_web_session(*, user: User, session_key: str, user_agent: str, ip: str) -> LoginSession:
    return LoginSession.objects.create(user=user, kind=LoginSession.Kind.WEB, session_key=session_key or "",
                                       user_agent=(user_agent or "")[:300], ip=ip or None)


@transaction.atomic
def open_token_session(*, user: User, scope: str, user_agent: str, ip: str) -> dict:
    """A new API login: the session row and its first token pair ({"refresh", "access"})."""
    session = LoginSession.objects.create(user=user, kind=LoginSession.Kind.API, scope=scope,
                                          user_agent=(user_agent or "")[:300], ip=ip or None)
    refresh = tokens.mint_pair(user, scope=scope, sid=session.pk)
    session.refresh_jti = refresh["jti"]
    session.save(update_fields=["refresh_jti"])
    return {"refresh": str(refresh), "access": str(refresh.access_token)}


def session_is_live(sid: int) -> bool:
    """Is the login session `sid` still live? Asked on every JWT request: a Redis flag set at
    revocation answers, the database when Redis does not."""
    flagged = redis_store.call(lambda client: client.exists(_revoked_key(sid)), default=None)
    if flagged is None:  # Redis unavailable: the database knows too
        return LoginSession.objects.filter(pk=sid, revoked_at__isnull=True).exists()
    return not flagged


def _end(session: LoginSession) -> None:
    session.revoked_at = timezone.now()
    session.save(update_fields=["revoked_at"])
    if session.session_key:
        SessionStore(session_key=session.session_key).delete()
    if session.kind == LoginSession.Kind.API:
        lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()
        redis_store.call(lambda client: client.set(_revoked_key(session.pk), 1, ex=int(lifetime) + 60))
        if session.refresh_jti:
            tokens.blacklist_jti(session.refresh_jti)


@transaction.atomic
def revoke_session(*, user: User, session_id: int) -> LoginSession:
    """End one of the user's own login sessions (a browser is logged out, a token chain stops)."""
    session = LoginSession.objects.select_for_update().filter(user=user, pk=session_id).first()
    if session is None:
        raise DomainError(errors.NOT_FOUND_SESSION)
    if session.revoked_at is None:
        _end(session)
    return session


@transaction.atomic
def revoke_other_sessions(*, user: User, keep_id: int | None) -> int:
    """End every live session of the user but `keep_id` (the one making the request)."""
    live = LoginSession.objects.select_for_update().filter(user=user, revoked_at__isnull=True).exclude(pk=keep_id)
    ended = 0
    for session in live:
        _end(session)
        ended += 1
    return ended


def close_web_session(*, session_key: str) -> None:
    """The browser logged out: its row is no longer live."""
    if session_key:
        LoginSession.objects.filter(session_key=session_key, revoked_at__isnull=True).update(revoked_at=timezone.now())


def rotate_refresh(*, raw: str) -> dict:
    """Use a refresh token once: it is blacklisted and a new pair returned (same scope and session).
    A token used before is refused, and its session is revoked whole: two holders of one refresh
    token mean it leaked (refresh-token reuse detection)."""
    pair, reused_session = _rotate(raw)
    if reused_session is not None:
        with transaction.atomic():  # committed before the refusal (whose handler rolls back)
            _end(reused_session)
    if pair is None:
        raise DomainError(errors.REFRESH_INVALID)
    return pair


@transaction.atomic
def _rotate(raw: str) -> tuple[dict | None, LoginSession | None]:
    """(the new pair, None), or (None, the session to end when the token was used before)."""
    try:
        payload = token_backend.decode(raw, verify=True)
    except TokenBackendError:
        return None, None
    sid = payload.get("sid")
    session = LoginSession.objects.select_for_update().filter(pk=sid).first() if sid is not None else None
    if sid is not None and (session is None or session.revoked_at is not None):
        return None, None
    try:
        refresh = RefreshToken(raw)  # also refuses a blacklisted (used or revoked) token
    except TokenError:
        return None, session
    user_id = payload.get(settings.SIMPLE_JWT.get("USER_ID_CLAIM", "user_id"))
    if not User.objects.filter(pk=user_id, is_active=True).exists():
        return None, None
    refresh.blacklist()
    refresh.set_jti()
    refresh.set_exp()
    refresh.set_iat()
    refresh.outstand()
    if session is not None:
        session.refresh_jti, session.last_seen_at = refresh["jti"], timezone.now()
        session.save(update_fields=["refresh_jti", "last_seen_at"])
    return {"refresh": str(refresh), "access": str(refresh.access_token)}, None
