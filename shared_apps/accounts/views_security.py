"""Secure login pages (OPS-ACC-08): the two-factor step of a login, the TOTP set-up (QR code of the
otpauth URI), and the security page where a user sees and ends their login sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.core.clientip import client_ip
from shared_apps.core.failures import DomainError

from . import selectors, services, twofactor
from .pending import finish_pending_login, localized, pending_user


def login_otp(request):
    """Second step of a login with two-factor on: the 6-digit code (wrong codes count as failures)."""
    user = pending_user(request)
    if user is None:
        messages.error(request, _("登录已超时，请重新输入密码。"))
        return redirect("login")
    error, status = None, 200
    if request.method == "POST":
        try:
            services.check_second_factor(user=user, code=request.POST.get("code", ""), ip=client_ip(request))
        except DomainError as exc:
            error, status = localized(exc), exc.status_code if exc.code == "login_locked" else 200
        else:
            return redirect(finish_pending_login(request, user))
    return render(request, "accounts/login_otp.html", {"error": error}, status=status)


def totp_setup(request):
    """Turn two-factor on: scan the QR code, confirm with a code. Serves a logged-in user, and an
    operator half-way through a login who must set it up first (OPERATOR_TOTP_REQUIRED)."""
    on_login_path = request.path.startswith("/accounts/login/")
    if request.user.is_authenticated and on_login_path:
        return redirect("security-totp-setup")  # a logged-in user sets it up on the security pages
    if not request.user.is_authenticated and not on_login_path:
        return redirect_to_login(request.get_full_path())
    pending = None if request.user.is_authenticated else pending_user(request)
    user = request.user if request.user.is_authenticated else pending
    if user is None:
        return redirect("login")
    if user.has_totp:
        return redirect("security")
    if (request.method == "POST" and request.POST.get("action") == "restart") or not user.totp_secret:
        services.start_totp_setup(user=user)
    error = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        try:
            services.confirm_totp(user=user, code=request.POST.get("code", ""))
        except DomainError as exc:
            error = localized(exc)
        else:
            messages.success(request, _("两步验证已启用。"))
            return redirect(finish_pending_login(request, user) if pending else "security")
    uri = twofactor.provisioning_uri(secret=user.totp_secret, username=user.username)
    return render(request, "accounts/totp_setup.html", {
        "qr_svg": twofactor.qr_svg(uri), "secret": user.totp_secret, "error": error, "pending": pending is not None,
        "mandatory": services.totp_mandatory(user)})


@login_required
def security(request):
    """The user's two-factor status and live login sessions (browsers and apps), each revocable."""
    current = selectors.current_session_id(request)
    sessions = list(selectors.live_sessions(request.user))
    for row in sessions:
        row.current = row.pk == current
    return render(request, "accounts/security.html", {
        "sessions": sessions, "has_totp": request.user.has_totp,
        "totp_mandatory": services.totp_mandatory(request.user)})


@login_required
@require_POST
def session_revoke(request, pk: int):
    try:
        services.revoke_session(user=request.user, session_id=pk)
    except DomainError as exc:
        messages.error(request, localized(exc))
    else:
        messages.success(request, _("该登录会话已退出。"))
    return redirect("security")


@login_required
@require_POST
def sessions_revoke_others(request):
    count = services.revoke_other_sessions(user=request.user, keep_id=selectors.current_session_id(request))
    messages.success(request, _("已退出其他 %(count)s 个登录会话。") % {"count": count})
    return redirect("security")


@login_required
@require_POST
def totp_disable(request):
    try:
        services.disable_totp(user=request.user, code=request.POST.get("code", ""))
    except DomainError as exc:
        messages.error(request, localized(exc))
    else:
        messages.success(request, _("两步验证已关闭。"))
    return redirect("security")
