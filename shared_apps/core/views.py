"""Platform pages: health check and the marketplace placeholder home page."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from shared_apps.core.pages import host_url
from tenants.models import Merchant, MerchantKind, MerchantStatus


def health(request):
    return JsonResponse({"status": "ok", "schema": connection.schema_name})


def _primary_host(merchant) -> str:
    # Uses the prefetched domains, so listing merchants costs no query per row.
    domains = list(merchant.domains.all())
    for domain in domains:
        if domain.is_primary:
            return domain.domain
    return domains[0].domain if domains else ""


def home(request):
    """Marketplace placeholder: active merchants grouped by kind."""
    merchants = (
        Merchant.objects.exclude(schema_name="public")
        .filter(status=MerchantStatus.ACTIVE)
        .prefetch_related("domains")
        .order_by("kind", "name")
    )
    by_kind: dict[str, list] = {}
    for merchant in merchants:
        merchant.host = _primary_host(merchant)
        merchant.url = host_url(request, merchant.host) if merchant.host else ""
        by_kind.setdefault(merchant.kind, []).append(merchant)
    # Keep the declared kind order (scenic, hotel, restaurant, shop).
    groups = [
        {"kind": value, "label": label, "merchants": by_kind[value]}
        for value, label in MerchantKind.choices
        if value in by_kind
    ]
    return render(request, "core/home.html", {
        "groups": groups,
        "merchant_count": sum(len(g["merchants"]) for g in groups),
    })
