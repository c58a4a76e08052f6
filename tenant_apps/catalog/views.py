"""Merchant console pages for the catalog: products, prices, packages and the inventory calendar.

Reads need console.view (every active staff member); writes need catalog.edit. Every write
goes through catalog/inventory services; their DomainError messages are shown on the form.
"""

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import flash_error, form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import can, console_view, forbidden, paginate
from tenant_apps.inventory import selectors as inventory_selectors
from tenant_apps.inventory import services as inventory_services

from . import selectors, services
from .forms import (
    CapacityForm,
    PolicyForm,
    ProductBaseForm,
    ProductCreateForm,
    StockForm,
    attributes_form,
    attributes_of,
    fen_to_yuan,
    to_fen,
)
from .models import InventoryMode, Product, ProductKind

NO_EDIT = "您的岗位没有编辑商品的权限。"
MAX_RANGE_DAYS = 366


def _get(product_id: int):
    try:
        return selectors.get_product(product_id)
    except DomainError:
        return None


def _not_found(request):
    return render(request, "core/forbidden.html", {"reason": "商品不存在。"}, status=404)


@console_view
def product_list(request):
    kind = request.GET.get("kind", "")
    shelf = request.GET.get("shelf", "")
    form = ProductCreateForm(request.POST or None)
    if request.method == "POST":
        if not can(request, StaffPerm.CATALOG_EDIT):
            return forbidden(request, NO_EDIT)
        if form.is_valid():
            try:
                data = form.cleaned_data
                product = services.create_product(kind=data["kind"], on_shelf=data["on_shelf"],
                                                  **form.service_fields())
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, f"已创建商品“{product.name}”。")
                return redirect("console-products")
    on_shelf = {"1": True, "0": False}.get(shelf)
    page_obj = paginate(request, selectors.products(kind=kind if kind in ProductKind.values else None,
                                                    on_shelf=on_shelf))
    return render(request, "catalog/products.html", {
        "page_obj": page_obj, "form": form, "kinds": ProductKind.choices, "kind": kind, "shelf": shelf,
        "can_edit": can(request, StaffPerm.CATALOG_EDIT),
    })


@console_view
@require_POST
def product_shelf(request, pk):
    if not can(request, StaffPerm.CATALOG_EDIT):
        return forbidden(request, NO_EDIT)
    on_shelf = request.POST.get("on_shelf") == "1"
    try:
        product = services.set_on_shelf(product_id=pk, on_shelf=on_shelf)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"“{product.name}”已{'上架' if on_shelf else '下架'}。")
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/console/products/") else "console-products")


def _base_initial(product: Product) -> dict:
    return {"name": product.name, "subtitle": product.subtitle, "description": product.description,
            "base_price": fen_to_yuan(product.base_price_fen),
            "distributor_price": fen_to_yuan(product.distributor_price_fen),
            "inventory_mode": product.inventory_mode, "sessions": ", ".join(product.sessions or []),
            "max_per_tourist": product.max_per_tourist}


def _save_product(request, product, base_form, attr_form) -> bool:
    if not (base_form.is_valid() and attr_form.is_valid()):
        return False
    try:
        services.update_product(product_id=product.pk, attributes=attributes_of(attr_form),
                                **base_form.service_fields())
    except DomainError as exc:
        form_error(base_form, exc)
        for key, errors in (exc.details or {}).get("attributes", {}).items():
            attr_form.add_error(key if key in attr_form.fields else None, errors)
        return False
    messages.success(request, "商品信息已保存。")
    return True


def _add_policy(request, product, form) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.add_price_policy(product_id=product.pk, channel=data["channel"], start_date=data["start_date"],
                                  end_date=data["end_date"], weekdays=data["weekdays"], price_fen=to_fen(data["price"]),
                                  priority=data["priority"], note=data["note"])
    except DomainError as exc:
        form_error(form, exc)
        return False
    messages.success(request, "价格策略已添加。")
    return True


def _package_items(request, product) -> bool:
    items = []
    for key, value in request.POST.items():
        if key.startswith("qty_") and value.strip():
            try:
                component_id, quantity = int(key[4:]), int(value)
            except ValueError:
                messages.error(request, "数量必须是整数。")
                return False
            if quantity > 0:
                items.append({"component_id": component_id, "quantity": quantity})
    try:
        services.set_package_items(package_id=product.pk, items=items)
    except DomainError as exc:
        flash_error(request, exc)
        return False
    messages.success(request, "套票组成已保存。")
    return True


@console_view
def product_detail(request, pk):
    product = _get(pk)
    if product is None:
        return _not_found(request)
    action = request.POST.get("action") if request.method == "POST" else None
    base_form = ProductBaseForm(request.POST if action == "update" else None, initial=_base_initial(product))
    attr_form = attributes_form(product.kind, request.POST if action == "update" else None,
                                initial=product.attributes)
    policy_form = PolicyForm(request.POST if action == "policy_add" else None, prefix="policy")
    if action:
        if not can(request, StaffPerm.CATALOG_EDIT):
            return forbidden(request, NO_EDIT)
        done = False
        if action == "update":
            done = _save_product(request, product, base_form, attr_form)
        elif action == "policy_add":
            done = _add_policy(request, product, policy_form)
        elif action == "policy_delete":
            try:
                services.delete_price_policy(policy_id=int(request.POST.get("policy_id", 0)))
            except (DomainError, ValueError) as exc:
                messages.error(request, getattr(exc, "message", "价格策略不存在"))
            else:
                messages.success(request, "价格策略已删除。")
            done = True
        elif action == "package_items" and product.is_package:
            done = _package_items(request, product) or True
        if done:
            return redirect("console-product-detail", pk=product.pk)
        product = _get(pk)
    components = []
    if product.is_package:
        current = {c.pk: qty for c, qty in selectors.components_of(product)}
        components = [{"product": p, "quantity": current.get(p.pk, "")}
                      for p in Product.objects.exclude(kind=ProductKind.PACKAGE).order_by("id")]
    policies = list(selectors.policies_of(product))
    for policy in policies:
        policy.weekday_text = "、".join("周" + "一二三四五六日"[d] for d in policy.weekdays) or "每天"
    start = selectors.today()
    return render(request, "catalog/product_detail.html", {
        "product": product, "base_form": base_form, "attr_form": attr_form, "policy_form": policy_form,
        "policies": policies, "components": components, "cap_per_tourist": selectors.cap_per_tourist(product),
        "prices": selectors.price_calendar(product, start, start + timedelta(days=13)),
        "can_edit": can(request, StaffPerm.CATALOG_EDIT),
    })


def _month_of(request) -> date:
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return selectors.today().replace(day=1)


def _calendar(product, first: date) -> list[list[dict | None]]:
    """Weeks (Monday first) of day cells: date, price and slots (per session) of the month."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    slots: dict[date, list[dict]] = {}
    for row in inventory_selectors.availability(product_id=product.pk, start=first, end=last):
        slots.setdefault(row["day"], []).append(row)
    prices = {p["date"]: p["price_fen"] for p in selectors.price_calendar(product, first, last)}
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append([{"day": d, "price_fen": prices.get(d), "slots": slots.get(d, []), "past": d < selectors.today()}
                      if d.month == first.month else None for d in week])
    return weeks


def _set_capacity(request, product, form) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    if product.inventory_mode == InventoryMode.STOCK:
        days, sessions = [None], [""]
    else:
        start, end = data["start_date"], data["end_date"]
        if end < start or (end - start).days >= MAX_RANGE_DAYS:
            form.add_error("end_date", f"结束日期不能早于开始日期，且范围不超过{MAX_RANGE_DAYS}天")
            return False
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        sessions = data.get("sessions") or product.sessions or [""]
    try:
        count = inventory_services.set_capacity(product=product, days=days, sessions=sessions,
                                                capacity=data["capacity"])
    except DomainError as exc:
        form_error(form, exc)
        return False
    messages.success(request, f"已设置 {count} 个库存时段。")
    return True


@console_view
def product_inventory(request, pk):
    product = _get(pk)
    if product is None:
        return _not_found(request)
    stock = product.inventory_mode == InventoryMode.STOCK
    data = request.POST if request.method == "POST" else None
    form = StockForm(data) if stock else CapacityForm(data, sessions=product.sessions)
    if request.method == "POST":
        if not can(request, StaffPerm.CATALOG_EDIT):
            return forbidden(request, NO_EDIT)
        if _set_capacity(request, product, form):
            return redirect(request.get_full_path())
    first = _month_of(request)
    context = {"product": product, "form": form, "stock": stock, "can_edit": can(request, StaffPerm.CATALOG_EDIT),
               "unlimited": product.inventory_mode == InventoryMode.UNLIMITED}
    if stock:
        context["stock_slots"] = inventory_selectors.availability(product_id=product.pk)
    elif not context["unlimited"]:
        prev_month = (first - timedelta(days=1)).replace(day=1)
        next_month = (first + timedelta(days=32)).replace(day=1)
        context.update(weeks=_calendar(product, first), month=first, weekdays="一二三四五六日",
                       prev_month=prev_month.strftime("%Y-%m"), next_month=next_month.strftime("%Y-%m"))
    return render(request, "catalog/inventory.html", context)
