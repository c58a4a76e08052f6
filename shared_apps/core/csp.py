"""Content-Security-Policy on every response (docs/security.md, "Content-Security-Policy").

Our own middleware rather than a dependency: the policy is one dict in settings
(`CONTENT_SECURITY_POLICY`) and the pages need no nonces, because no template carries inline
script, inline style, event-handler attributes or `javascript:` URLs (tests/test_csp.py holds
the templates to that). Scripts and styles come from static files on our own origin.

`form-action` also lists the payment gateways' cashier origins: the pay form POSTs to us and we
redirect to the gateway's cashier page, and browsers check form-action along that redirect. The
origins come from `CSP_FORM_ACTION_SOURCES`, the dotted path of a function returning them (the
payments app knows where its gateways live; core does not import it). It is called per request,
so a test that points the gateways at a sandbox on another port is covered at once.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.module_loading import import_string

HEADER = "Content-Security-Policy"

DEFAULT_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),  # QR codes and CSS icons may be data: URIs
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "frame-ancestors": ("'none'",),
    "form-action": ("'self'",),
}


# DRF's browsable API (format "api", a developer's page) has style attributes in its templates:
# those pages alone may carry inline style attributes (not <style> elements, not script).
BROWSABLE_API_EXTRA = {"style-src-attr": ("'unsafe-inline'",)}


def build_policy(policy: dict[str, Iterable[str]], form_action_extra: Iterable[str] = (),
                 extra: dict[str, Iterable[str]] | None = None) -> str:
    directives = {name: list(sources) for name, sources in policy.items()}
    for name, sources in (extra or {}).items():
        directives[name] = list(sources)
    if "form-action" in directives:
        directives["form-action"] += [s for s in form_action_extra if s not in directives["form-action"]]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Adds the header to every response that has none yet (a view may set its own)."""

    def __init__(self, get_response):
        self.get_response = get_response
        path = getattr(settings, "CSP_FORM_ACTION_SOURCES", None)
        self.form_action_sources: Callable[[], Iterable[str]] | None = import_string(path) if path else None

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)
            extra = self.form_action_sources() if self.form_action_sources else ()
            renderer = getattr(response, "accepted_renderer", None)
            browsable = getattr(renderer, "format", None) == "api"
            response[HEADER] = build_policy(policy, extra, BROWSABLE_API_EXTRA if browsable else None)
        return response
