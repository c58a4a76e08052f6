"""Small helpers shared by the HTML page views (platform and merchant consoles)."""

import json
from collections.abc import Callable
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import flash_error
from .failures import DomainError


def forbidden(request, reason: str):
    return render(request, "core/forbidden.html", {"reason": reason}, status=403)


def decide(request, action: Callable[..., object], *, success: Callable[[object], str] | str, to, **to_kwargs):
    """Run one operator decision (approve, reject, pay) from a page: `action(note=...)` gets the
    form's note; its DomainError's message, or `success` (text, or a function of the result), is
    flashed; then redirect to `to`."""
    try:
        result = action(note=request.POST.get("note", "").strip())
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(to, **to_kwargs)


def run(request, fn, ok: str) -> bool:
    """Call a service; show its business error as a message instead of failing the page."""
    try:
        fn()
    except DomainError as exc:
        flash_error(request, exc)
        return False
    messages.success(request, ok)
    return True


def back(request, default: str, **kwargs):
    """Redirect to the POSTed `next` when it is a local console path, else to `default`."""
    nxt = request.POST.get("next", "")
    if nxt.startswith("/console/") and url_has_allowed_host_and_scheme(nxt, allowed_hosts=None):
        return redirect(nxt)
    return redirect(default, **kwargs)


def paginate(request, queryset, per_page: int = 50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def host_url(request, host: str, path: str = "/") -> str:
    """An absolute URL on another host of this deployment, keeping the scheme and a non-default port."""
    port = str(request.get_port())
    default_port = "443" if request.is_secure() else "80"
    suffix = "" if port == default_port else f":{port}"
    return f"{request.scheme}://{host}{suffix}{path}"


def with_detail_text(rows):
    """Attach a readable JSON rendering of OperationLog.detail to each row of a page."""
    for row in rows:
        row.detail_text = json.dumps(row.detail, ensure_ascii=False) if row.detail else ""
    return rows


class PageForm(forms.Form):
    """Form base for the HTML pages: labels without the ASCII colon suffix."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def can(request, permission: str) -> bool:
    if request.user.is_superuser:
        return True
    return bool(request.membership and request.membership.can(permission))


def console_view(view):
    """Defence in depth: only the merchant's staff or superusers, on a merchant host."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.schema_name == "public":
            return forbidden(request, "商户控制台只能通过商户域名访问。")
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not request.user.is_superuser and getattr(request, "membership", None) is None:
            return forbidden(request, "您不是该商户的员工，无权访问此控制台。")
        return view(request, *args, **kwargs)

    return wrapper
