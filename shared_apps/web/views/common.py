"""Helpers shared by the H5 page views."""

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from shared_apps.checkout.services import Item
from shared_apps.core.errors import flash_error

BUY_NOW_KEY = "web_buy_now"


def item_to_session(item: Item) -> dict:
    return {"merchant": item.merchant, "product_id": item.product_id, "quantity": item.quantity,
            "day": item.day.isoformat() if item.day else None, "session": item.session, "nights": item.nights}


def item_from_session(data: dict | None) -> Item | None:
    if not data:
        return None
    return Item(data["merchant"], int(data["product_id"]), int(data["quantity"]),
                date.fromisoformat(data["day"]) if data.get("day") else None, data.get("session") or "",
                int(data.get("nights") or 1))


def safe_next(request, url: str | None, default: str) -> str:
    """`url` when it is a path on this host (no open redirects), else `default`."""
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return default


def api_error(request, exc) -> None:
    """Show a service error (DomainError) to the tourist in Chinese."""
    flash_error(request, exc)


def hx_redirect(url: str) -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response


def page(request, template: str, context: dict | None = None, status: int = 200):
    return render(request, template, context or {}, status=status)
