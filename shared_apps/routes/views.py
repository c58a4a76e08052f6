"""Operator console pages (/ops/routes/…): routes and bundles, their components, publishing, and
route bookings. Reads need an operator; writes need super_admin or reviewer (like the API)."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shared_apps.core.errors import flash_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import forbidden, paginate
from shared_apps.onboarding.views import is_reviewer, operator_required
from tenants.models import Merchant, MerchantStatus

from .models import Route, RouteBooking, RouteBookingStatus, RouteKind, RouteStatus
from .services import routes
from .services.common import ROUTE_MACHINE, event_rows

NOT_REVIEWER = "仅超级管理员或审核员可以编辑线路产品。"


def writer_post(view):
    @operator_required
    @require_POST
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_reviewer(request.user):
            return forbidden(request, NOT_REVIEWER)
        return view(request, *args, **kwargs)

    return wrapper


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@operator_required
def route_list(request):
    if request.method == "POST":
        if not is_reviewer(request.user):
            return forbidden(request, NOT_REVIEWER)
        try:
            route = routes.create_route(user=request.user, kind=request.POST.get("kind", "route"),
                                        code=request.POST.get("code", ""), name=request.POST.get("name", ""),
                                        description=request.POST.get("description", ""),
                                        days=_int(request.POST.get("days"), 1))
        except DomainError as exc:
            flash_error(request, exc)
            return redirect("ops-route-list")
        messages.success(request, f"已创建「{route.name}」，请添加组件后发布。")
        return redirect("ops-route-detail", pk=route.pk)
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    qs = Route.objects.select_related("created_by").prefetch_related("components__merchant")
    if status in RouteStatus.values:
        qs = qs.filter(status=status)
    if kind in RouteKind.values:
        qs = qs.filter(kind=kind)
    return render(request, "routes/ops/list.html", {
        "page_obj": paginate(request, qs), "status": status, "kind": kind, "statuses": RouteStatus.choices,
        "kinds": RouteKind.choices, "can_edit": is_reviewer(request.user),
    })


@operator_required
def route_detail(request, pk):
    route = Route.objects.filter(pk=pk).select_related("created_by").first()
    if route is None:
        messages.error(request, "线路不存在。")
        return redirect("ops-route-list")
    merchants = Merchant.objects.exclude(schema_name="public").filter(status=MerchantStatus.ACTIVE).order_by("id")
    picked = request.GET.get("merchant", "")
    products = []
    if picked:
        try:
            products = routes.merchant_products(routes.merchant_of(picked))
        except DomainError as exc:
            flash_error(request, exc)
            picked = ""
    return render(request, "routes/ops/detail.html", {
        "route": route, "components": route.components.select_related("merchant"),
        "editable": route.status in routes.EDITABLE, "can_edit": is_reviewer(request.user),
        "merchants": merchants, "picked": picked, "products": products, "day_choices": range(1, route.days + 1),
        "events": event_rows(ROUTE_MACHINE.events(route)),
        "recent": RouteBooking.objects.filter(route=route).select_related("distributor")[:20],
    })


def _back(pk, merchant: str = ""):
    response = redirect("ops-route-detail", pk=pk)
    if merchant:
        response["Location"] += f"?merchant={merchant}"
    return response


@writer_post
def route_edit(request, pk):
    try:
        routes.update_route(route_id=pk, user=request.user, name=request.POST.get("name"),
                            description=request.POST.get("description"), days=_int(request.POST.get("days")) or None)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "已保存。")
    return _back(pk)


@writer_post
def component_add(request, pk):
    merchant = request.POST.get("merchant", "")
    try:
        c = routes.add_component(route_id=pk, user=request.user, merchant=merchant,
                                 product_id=_int(request.POST.get("product_id")),
                                 day_offset=max(_int(request.POST.get("day"), 1) - 1, 0),
                                 nights=_int(request.POST.get("nights"), 1),
                                 quantity=_int(request.POST.get("quantity"), 1),
                                 session=request.POST.get("session", "").strip())
    except DomainError as exc:
        flash_error(request, exc)
        return _back(pk, merchant)
    messages.success(request, f"已添加组件「{c.product_name}」。")
    return _back(pk, merchant)


@writer_post
def component_delete(request, pk, component_id):
    try:
        routes.remove_component(route_id=pk, component_id=component_id, user=request.user)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "已移除组件。")
    return _back(pk)


@writer_post
def route_publish(request, pk):
    publish = request.POST.get("decision") != "withdraw"
    try:
        fn = routes.publish if publish else routes.withdraw
        route = fn(route_id=pk, user=request.user, note=request.POST.get("note", "").strip())
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"「{route.name}」已{'发布' if publish else '下架'}。")
    return _back(pk)


@operator_required
def route_bookings(request):
    status = request.GET.get("status", "")
    qs = RouteBooking.objects.select_related("route", "distributor").prefetch_related("legs__booking__merchant")
    if status in RouteBookingStatus.values:
        qs = qs.filter(status=status)
    page_obj = paginate(request, qs)
    for rb in page_obj:
        rb.leg_rows = [leg.booking for leg in rb.legs.all()]
    return render(request, "routes/ops/bookings.html", {
        "page_obj": page_obj, "status": status, "statuses": RouteBookingStatus.choices,
    })

