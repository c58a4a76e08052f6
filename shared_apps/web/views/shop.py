"""Browsing and the cart: home, categories, search, product page, cart (htmx quantities)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shared_apps.checkout import preview
from shared_apps.checkout import services as checkout_services
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm, paginate

from .. import selectors
from .common import BUY_NOW_KEY, api_error, item_to_session, page, safe_next


def home(request):
    sections = selectors.home_sections()
    return page(request, "web/home.html", {
        "categories": selectors.CATEGORIES, "specials": sections["specials"], "hot": sections["hot"],
        "latest": list(selectors.listings()[:6]), "merchants": selectors.merchants(), "tab": "home",
    })


def merchant(request, schema: str):
    """One merchant's on-shelf products."""
    shop = selectors.active_merchant(schema)
    if shop is None:
        raise Http404("商户不存在或已停业")
    q = request.GET.get("q", "").strip()
    rows = paginate(request, selectors.listings(merchant=schema, q=q), per_page=20)
    return page(request, "web/category.html", {
        "slug": "", "cat": {"label": shop.name, "icon": "🏪"}, "categories": selectors.CATEGORIES, "q": q,
        "page_obj": rows, "tab": "category", "merchant": shop,
    })


def category(request, slug: str):
    if slug not in selectors.CATEGORIES:
        raise Http404("no such category")
    q = request.GET.get("q", "").strip()
    rows = paginate(request, selectors.listings(category=slug, q=q), per_page=20)
    return page(request, "web/category.html", {
        "slug": slug, "cat": selectors.CATEGORIES[slug], "categories": selectors.CATEGORIES, "q": q,
        "page_obj": rows, "tab": "category",
    })


def search(request):
    q = request.GET.get("q", "").strip()
    rows = paginate(request, selectors.listings(q=q), per_page=20) if q else None
    return page(request, "web/category.html", {
        "slug": "", "cat": {"label": "搜索", "icon": "🔍"}, "categories": selectors.CATEGORIES, "q": q,
        "page_obj": rows, "tab": "category",
    })


def product(request, schema: str, product_id: int):
    detail = selectors.product_page(schema, product_id)
    if detail is None:
        raise Http404("商品不存在或已下架")
    first = next((c for c in detail["calendar"] if c["date"] == detail["first_open_day"]), None)
    sessions = first["sessions"] if first else []
    return page(request, "web/product.html", {
        "p": detail, "today": timezone.localdate(), "tab": "category", "sessions": sessions,
        "day": detail["first_open_day"], "default_session": _first_open(sessions),
    })


def product_sessions(request, schema: str, product_id: int):
    """htmx: the session picker for the chosen day."""
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    rows = selectors.sessions_left(schema, product_id, day) if day else []
    return page(request, "web/_sessions.html", {"sessions": rows, "day": day, "default_session": _first_open(rows)})


def _first_open(sessions: list[dict]) -> str:
    return next((s["session"] for s in sessions if s["left"] > 0), "")


class AddForm(PageForm):
    merchant = forms.SlugField()
    product_id = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=99, initial=1,
                                  error_messages={"min_value": "数量至少为 1", "max_value": "数量最多为 99"})
    day = forms.DateField(label="日期", required=False, error_messages={"invalid": "日期格式不正确"})
    session = forms.CharField(label="场次", required=False, max_length=32)
    nights = forms.IntegerField(label="入住晚数", required=False, min_value=1, max_value=30,
                                error_messages={"min_value": "至少入住 1 晚", "max_value": "最多入住 30 晚"})

    def item(self) -> checkout_services.Item:
        d = self.cleaned_data
        return checkout_services.Item(d["merchant"], d["product_id"], d["quantity"], d.get("day"),
                                      d.get("session") or "", d.get("nights") or 1)


@login_required
@require_POST
def cart_add(request):
    form = AddForm(request.POST)
    back = safe_next(request, request.POST.get("back"), reverse("web-home"))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    item = form.item()
    quoted = preview.quote([(None, item)])  # the same pricing and checks an order uses
    error = quoted["groups"][0]["rows"][0]["error"] if quoted["groups"] else "商品不存在"
    if error:
        messages.error(request, error)
        return redirect(back)
    if request.POST.get("action") == "buy":
        request.session[BUY_NOW_KEY] = item_to_session(item)
        return redirect(reverse("web-checkout") + "?buy=1")
    try:
        checkout_services.add_to_cart(user=request.user, item=item)
    except DomainError as exc:
        api_error(request, exc)
        return redirect(back)
    messages.success(request, "已加入购物车")
    return redirect(back)


def _cart_context(request) -> dict:
    quoted = preview.quote(selectors.cart_lines(request.user))
    return {"cart": quoted, "tab": "cart"}


@login_required
def cart(request):
    return page(request, "web/cart.html", _cart_context(request))


@login_required
@require_POST
def cart_update(request, pk: int):
    """Change a line's quantity (0 removes it). htmx swaps the cart; plain POST redirects."""
    try:
        quantity = max(0, min(99, int(request.POST.get("quantity", "0"))))
    except ValueError:
        quantity = 0
    try:
        checkout_services.update_cart_item(user=request.user, item_id=pk, quantity=quantity)
    except DomainError as exc:
        api_error(request, exc)
    if request.headers.get("HX-Request"):
        return page(request, "web/_cart.html", {**_cart_context(request), "oob": True})  # + tab badge
    return redirect("web-cart")
