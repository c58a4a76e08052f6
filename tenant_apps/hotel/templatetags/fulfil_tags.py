"""Template filters for the hotel, dining and shop consoles: {% load fulfil_tags %} {{ x|yuan }}."""

from django import template

from shared_apps.ledger.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """12345 -> "123.45" (integer fen only; anything else renders as-is)."""
    if isinstance(fen, int) and not isinstance(fen, bool):
        return _yuan(fen)
    return "" if fen is None else str(fen)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
