"""Template helpers for the tourist H5 pages: money, labels, the cart badge."""

from django import template
from django.utils.safestring import mark_safe

from shared_apps.checkout.models import CartItem
from shared_apps.core import qr
from shared_apps.ledger.money import yuan

register = template.Library()

KIND_LABELS = {"ticket": "门票", "room": "酒店", "dish": "美食", "goods": "特产", "package": "套票"}
KIND_ICONS = {"ticket": "🎫", "room": "🏨", "dish": "🍜", "goods": "🎁", "package": "🎟️"}


@register.filter
def cny(fen) -> str:
    """12000 -> "¥120", 12050 -> "¥120.50" (integer fen in, never floats)."""
    if fen is None or fen == "":
        return ""
    text = yuan(int(fen))
    if text.endswith(".00"):
        text = text[:-3]
    return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@register.filter
def kind_icon(kind: str) -> str:
    return KIND_ICONS.get(kind, "🛍️")


@register.filter
def discount(price_fen, base_fen) -> str:
    """Chinese discount label: 8000 of 10000 -> "8折", 8500 -> "8.5折"."""
    if not base_fen or price_fen is None or price_fen >= base_fen:
        return ""
    tenths = round(int(price_fen) * 100 / int(base_fen)) / 10
    return f"{tenths:g}折"


@register.simple_tag
def cart_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    from django.db.models import Sum


    return CartItem.objects.filter(cart__user=user).aggregate(n=Sum("quantity"))["n"] or 0


@register.filter
def times(n) -> range:
    return range(int(n or 0))


WEEKDAYS = "一二三四五六日"


@register.filter
def weekday_cn(day) -> str:
    return f"周{WEEKDAYS[day.weekday()]}" if day else ""


@register.filter
def qr_svg(data: str):
    """An inline SVG QR code of `data`; its viewBox lets CSS scale it."""
    return mark_safe(qr.qr_svg(data, omitsize=True)) if data else ""


REFUND_LABELS = {"requested": "待商户处理", "approved": "已同意", "rejected": "已拒绝"}


@register.filter
def refund_label(status: str) -> str:
    return REFUND_LABELS.get(status, status)
