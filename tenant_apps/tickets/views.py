"""Merchant console pages: scanner (核销), e-tickets, sales statistics, tour routes, joint tickets."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm, can, console_view, forbidden, paginate
from shared_apps.fulfilment import selectors as joint_reads
from shared_apps.fulfilment import services as joint
from shared_apps.ledger.money import yuan
from tenant_apps.catalog import selectors as catalog

from . import routes, selectors, services
from .models import TicketStatus
from .redemption import redemptions


def _rights(request) -> dict:
    rights = (StaffPerm.TICKETS_REDEEM, StaffPerm.TICKETS_MANAGE, StaffPerm.TICKETS_STATS, StaffPerm.CATALOG_EDIT)
    return {p.replace(".", "_"): can(request, p) for p in rights}


@console_view
def scanner(request):
    if not can(request, StaffPerm.TICKETS_REDEEM):
        return forbidden(request, "您的岗位没有核销电子票的权限。")
    return render(request, "tickets/scanner.html", {
        "recent": [selectors.redemption_dict(r) for r in redemptions()[:10]], "rights": _rights(request),
        "section": "scanner"})


@console_view
def ticket_list(request):
    status = request.GET.get("status", "")
    status = status if status in TicketStatus.values else ""
    q = request.GET.get("q", "")[:50]
    page_obj = paginate(request, selectors.tickets(status=status, q=q))
    return render(request, "tickets/tickets.html", {
        "page_obj": page_obj, "statuses": TicketStatus.choices, "status": status, "q": q,
        "rights": _rights(request), "section": "tickets"})


class RangeForm(PageForm):
    start = forms.DateField(label="开始日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


@console_view
def stats(request):
    if not can(request, StaffPerm.TICKETS_STATS):
        return forbidden(request, "您的岗位没有查看销售统计的权限。")
    today = timezone.localdate()
    form = RangeForm(request.GET or {"start": today - timedelta(days=29), "end": today})
    data, error = None, ""
    if form.is_valid():
        try:
            data = selectors.stats(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
        except DomainError as exc:
            error = exc.message
    chart = None
    if data:
        for row in [*data["rows"], data["totals"]]:
            row["revenue_yuan"] = yuan(row["revenue_fen"])
        chart = {"days": [d["day"].isoformat() for d in data["daily"]],
                 "sold": [d["sold_persons"] for d in data["daily"]],
                 "redeemed": [d["redeemed_persons"] for d in data["daily"]],
                 "refunded": [d["refund_persons"] for d in data["daily"]],
                 "revenue": [round(d["revenue_fen"] / 100, 2) for d in data["daily"]]}
    return render(request, "tickets/stats.html", {"form": form, "data": data, "chart": chart, "error": error,
                                                  "section": "stats", "rights": _rights(request)})


# ---- routes ----------------------------------------------------------------------------------------


class RouteForm(PageForm):
    name = forms.CharField(label="线路名称", max_length=100)
    intro = forms.CharField(label="线路介绍", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    duration_minutes = forms.IntegerField(label="游览时长（分钟）", min_value=0, max_value=10_000, initial=0)
    published = forms.BooleanField(label="对游客公开", required=False)


class StopForm(PageForm):
    title = forms.CharField(label="讲解点名称", max_length=100)
    text = forms.CharField(label="讲解词", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.IntegerField(label="顺序", min_value=0, max_value=10_000, required=False)
    image = forms.FileField(label="图片", required=False, help_text="jpg/png/webp/gif，不超过 5MB")
    audio = forms.FileField(label="语音讲解", required=False, help_text="mp3/m4a/aac/wav/ogg，不超过 30MB")


@console_view
def route_list(request):
    form = RouteForm(request.POST or None)
    if request.method == "POST":
        if not can(request, StaffPerm.CATALOG_EDIT):
            return forbidden(request, "您的岗位没有管理导览线路的权限。")
        if form.is_valid():
            route = routes.create_route(**form.cleaned_data)
            messages.success(request, f"线路「{route.name}」已创建，请添加讲解点。")
            return redirect("console-route", pk=route.pk)
    return render(request, "tickets/routes.html", {"routes": selectors.routes(), "form": form,
                                                   "rights": _rights(request), "section": "routes"})


@console_view
def route_detail(request, pk):
    try:
        route = routes.get_route(pk)
    except DomainError:
        return render(request, "core/forbidden.html", {"reason": "线路不存在。"}, status=404)
    route_form = RouteForm(initial={f: getattr(route, f) for f in RouteForm.base_fields})
    stop_form = StopForm()
    if request.method == "POST":
        if not can(request, StaffPerm.CATALOG_EDIT):
            return forbidden(request, "您的岗位没有管理导览线路的权限。")
        action = request.POST.get("action")
        try:
            if action == "route":
                route_form = RouteForm(request.POST)
                if route_form.is_valid():
                    routes.update_route(route_id=pk, **route_form.cleaned_data)
                    messages.success(request, "线路已保存。")
                    return redirect("console-route", pk=pk)
            elif action == "stop":
                stop_form = StopForm(request.POST, request.FILES)
                if stop_form.is_valid():
                    routes.add_stop(route_id=pk, **stop_form.cleaned_data)
                    messages.success(request, "讲解点已添加。")
                    return redirect("console-route", pk=pk)
            elif action == "delete_stop":
                routes.delete_stop(route_id=pk, stop_id=int(request.POST.get("stop_id", 0)))
                messages.success(request, "讲解点已删除。")
                return redirect("console-route", pk=pk)
            elif action == "delete_route":
                routes.delete_route(route_id=pk)
                messages.success(request, "线路已删除。")
                return redirect("console-routes")
        except DomainError as exc:
            form_error((stop_form if action == "stop" else route_form), exc)
        except ValueError:
            messages.error(request, "请求有误。")
    return render(request, "tickets/route_detail.html", {
        "route": route, "route_form": route_form, "stop_form": stop_form, "rights": _rights(request),
        "section": "routes"})


@console_view
def route_media(request, pk, kind):
    try:
        handle, content_type = routes.media_file(routes.get_stop(pk), kind)
    except DomainError:
        return render(request, "core/forbidden.html", {"reason": "文件不存在。"}, status=404)
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- joint tickets ---------------------------------------------------------------------------------


class JointForm(PageForm):
    product_id = forms.TypedChoiceField(label="门票商品", coerce=int)
    venues = forms.CharField(label="适用景区及分成权重", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="每行一个：景区二级域名 权重，例如 lushan 2")
    active = forms.BooleanField(label="启用（新售出的票按联票出票）", required=False, initial=True)

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_id"].choices = [(p.pk, p.name) for p in products]

    def clean_venues(self):
        result = []
        for line in self.cleaned_data["venues"].splitlines():
            parts = line.replace("：", " ").replace(":", " ").split()
            if not parts:
                continue
            if len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
                raise forms.ValidationError(f"无法识别：{line}")
            result.append({"merchant": parts[0], "weight": int(parts[1]) if len(parts) == 2 else 1})
        return result


@console_view
def joint_list(request):
    form = JointForm(request.POST or None, products=catalog.products(kind="ticket"))
    if request.method == "POST":
        if not can(request, StaffPerm.TICKETS_MANAGE):
            return forbidden(request, "您的岗位没有配置联票的权限。")
        if form.is_valid():
            try:
                joint.configure_joint(issuer=request.tenant, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, f"{exc.message}（{(exc.details or {}).get('merchant', '')}）"
                               if exc.details else exc.message)
            else:
                messages.success(request, "联票配置已保存。")
                return redirect("console-joint-tickets")
    joints = [joint_reads.joint_dict(j) for j in joint_reads.joints_of(request.tenant)]
    return render(request, "tickets/joint.html", {"joints": joints, "form": form, "rights": _rights(request),
                                                  "keys": services.public_keys(), "section": "joint"})


@console_view
@require_POST
def rotate_key(request):
    if not can(request, StaffPerm.TICKETS_MANAGE):
        return forbidden(request, "您的岗位没有更换签名密钥的权限。")
    key = services.rotate_key()
    messages.success(request, f"已启用新的签名密钥 {key.kid}，旧密钥签发的二维码仍可验证。")
    return redirect("console-joint-tickets")
