"""JWT pairs with a scope and a login session.

`scope` ("tourist" or "staff", shared_apps.core.permissions) says which login minted the token: the
operator and merchant APIs accept only staff tokens. `sid` names the LoginSession: the refresh
token is rotated on every use (the old one blacklisted) and keeps the claim, and access tokens copy
it, so revoking the session ends the whole chain.
"""

from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from shared_apps.core.permissions import SCOPE_STAFF, SCOPE_TOURIST

__all__ = ["SCOPE_STAFF", "SCOPE_TOURIST", "blacklist_jti", "mint_pair"]


def mint_pair(user, *, scope: str, sid: int | None = None) -> RefreshToken:
    """A refresh token for `user` (its `.access_token` is the access token), recorded as outstanding."""
    refresh = RefreshToken.for_user(user)
    refresh["scope"] = scope
    if sid is not None:
        refresh["sid"] = sid
    return refresh


def blacklist_jti(jti: str) -> None:
    """Blacklist the outstanding refresh token `jti` (a revoked session's current one)."""
    token = OutstandingToken.objects.filter(jti=jti).first()
    if token is not None:
        BlacklistedToken.objects.get_or_create(token=token)
