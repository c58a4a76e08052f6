"""Merchant application page (/apply/) and the operator console (/ops/) on the platform host."""

from datetime import datetime, time
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shared_apps.core.failures import DomainError
from shared_apps.core.pages import decide, forbidden, host_url, paginate, with_detail_text
from shared_apps.oplog.models import OperationLog
from tenants.models import Merchant, MerchantStatus

from . import services
from .forms import CORE_FIELD_LABELS, ApplicationForm
from .models import ApplicationStatus, ChangeStatus, CoreInfoChange, MerchantApplication

# DomainError codes that belong to one form field of the application form.
APPLY_ERROR_FIELDS = {"slug_invalid": "slug", "slug_taken": "slug", "username_taken": "owner_username"}
SESSION_LAST_APPLICATION = "onboarding_last_application"
APPLICATION_LABELS = dict(ApplicationStatus.choices)
CHANGE_LABELS = dict(ChangeStatus.choices)


# ---- merchant application -----------------------------------------------------------------


def apply(request):
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owner_password = data.pop("owner_password", "")
        try:
            app = services.submit_application(applicant=request.user, owner_password=owner_password, **data)
        except DomainError as exc:
            field = APPLY_ERROR_FIELDS.get(exc.code)
            form.add_error(field if field in form.fields else None, exc.message)
        except ValidationError as exc:  # weak owner password
            form.add_error("owner_password" if "owner_password" in form.fields else None, exc)
        else:
            request.session[SESSION_LAST_APPLICATION] = app.pk
            return redirect("apply-done")
    my_applications = []
    if request.user.is_authenticated:
        my_applications = request.user.merchant_applications.select_related("merchant")[:20]
    return render(request, "onboarding/apply.html", {"form": form, "my_applications": my_applications})


def apply_done(request):
    pk = request.session.get(SESSION_LAST_APPLICATION)
    app = MerchantApplication.objects.filter(pk=pk).first() if pk else None
    if app is None:
        return redirect("apply")
    return render(request, "onboarding/apply_done.html", {"app": app})


# ---- operator console ---------------------------------------------------------------------


def operator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_operator:
            return forbidden(request, "仅平台运营人员可以访问运营后台。")
        return view(request, *args, **kwargs)

    return wrapper


def is_reviewer(user) -> bool:
    return user.is_superuser or user.operator_role in ("super_admin", "reviewer")


def reviewer_post(view):
    """POST only, by an operator allowed to review."""

    @operator_required
    @require_POST
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_reviewer(request.user):
            return forbidden(request, "仅超级管理员或审核员可以执行审核操作。")
        return view(request, *args, **kwargs)

    return wrapper


def _merchant_console_url(request, merchant) -> str:
    host = merchant.primary_host or f"{merchant.schema_name}.{settings.PLATFORM_HOST}"
    return host_url(request, host, "/console/")


@operator_required
def ops_dashboard(request):
    today_start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    stats = [
        ("待审核入驻申请", MerchantApplication.objects.filter(status=ApplicationStatus.SUBMITTED).count(),
         "/ops/applications/?status=submitted"),
        ("营业中商户", Merchant.objects.exclude(schema_name="public").filter(status=MerchantStatus.ACTIVE).count(),
         "/ops/merchants/"),
        ("待审核核心信息变更", CoreInfoChange.objects.filter(status=ChangeStatus.PENDING).count(),
         "/ops/core-changes/?status=pending"),
        ("今日操作日志", OperationLog.objects.filter(at__gte=today_start).count(), "/ops/oplog/"),
    ]
    failed = MerchantApplication.objects.filter(status=ApplicationStatus.FAILED).count()
    return render(request, "onboarding/ops/dashboard.html", {
        "stats": stats, "failed": failed, "can_review": is_reviewer(request.user),
    })


@operator_required
def ops_applications(request):
    status = request.GET.get("status", "")
    qs = MerchantApplication.objects.select_related("reviewed_by", "merchant")
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    tabs = [("", "全部", sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices
    ]
    return render(request, "onboarding/ops/applications.html", {
        "page_obj": paginate(request, qs), "status": status, "tabs": tabs,
    })


@operator_required
def ops_application_detail(request, pk):
    app = get_object_or_404(MerchantApplication.objects.select_related("applicant", "reviewed_by", "merchant"), pk=pk)
    events = list(app.events.select_related("actor"))
    for event in events:
        event.from_label = APPLICATION_LABELS.get(event.from_status, event.from_status)
        event.to_label = APPLICATION_LABELS.get(event.to_status, event.to_status)
    return render(request, "onboarding/ops/application_detail.html", {
        "app": app,
        "events": events,
        "can_review": is_reviewer(request.user),
        "console_url": _merchant_console_url(request, app.merchant) if app.merchant_id else "",
        "planned_console_url": host_url(request, f"{app.slug}.{settings.PLATFORM_HOST}", "/console/"),
    })


@reviewer_post
def ops_application_approve(request, pk):
    get_object_or_404(MerchantApplication, pk=pk)
    return decide(request, lambda note: services.approve_application(application_id=pk, reviewer=request.user,
                                                                     note=note),
                  success="已通过审核。商户正在后台（Celery 任务）开通，完成后申请状态将变为“已开通”，请稍后刷新查看。",
                  to="ops-application-detail", pk=pk)


@reviewer_post
def ops_application_reject(request, pk):
    get_object_or_404(MerchantApplication, pk=pk)
    return decide(request, lambda note: services.reject_application(application_id=pk, reviewer=request.user,
                                                                    note=note),
                  success="已驳回该入驻申请。", to="ops-application-detail", pk=pk)


@operator_required
def ops_merchants(request):
    qs = Merchant.objects.exclude(schema_name="public").select_related("admin_user").order_by("-id")
    status = request.GET.get("status", "")
    if status in MerchantStatus.values:
        qs = qs.filter(status=status)
    page_obj = paginate(request, qs)
    for merchant in page_obj:
        merchant.console_url = _merchant_console_url(request, merchant)
    return render(request, "onboarding/ops/merchants.html", {
        "page_obj": page_obj, "status": status, "statuses": MerchantStatus.choices,
    })


def core_change_diff(change) -> list[tuple[str, str, str]]:
    """(label, before, after) for every field a change touches."""
    return [
        (CORE_FIELD_LABELS.get(field, field), (change.previous or {}).get(field, ""), value)
        for field, value in (change.payload or {}).items()
    ]


@operator_required
def ops_core_changes(request):
    qs = CoreInfoChange.objects.select_related("merchant", "requested_by", "reviewed_by").annotate(
        pending_first=Case(When(status=ChangeStatus.PENDING, then=Value(0)), default=Value(1),
                           output_field=IntegerField()),
    ).order_by("pending_first", "-id")
    status = request.GET.get("status", "")
    if status in ChangeStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page_obj = paginate(request, qs)
    for change in page_obj:
        change.diff = core_change_diff(change)
    return render(request, "onboarding/ops/core_changes.html", {
        "page_obj": page_obj, "status": status, "statuses": ChangeStatus.choices,
        "can_review": is_reviewer(request.user),
    })


@reviewer_post
def ops_core_change_approve(request, pk):
    get_object_or_404(CoreInfoChange, pk=pk)
    return decide(request, lambda note: services.approve_core_change(change_id=pk, reviewer=request.user, note=note),
                  success=f"变更 #{pk} 已通过，新的核心信息已生效。", to="ops-core-changes")


@reviewer_post
def ops_core_change_reject(request, pk):
    get_object_or_404(CoreInfoChange, pk=pk)
    return decide(request, lambda note: services.reject_core_change(change_id=pk, reviewer=request.user, note=note),
                  success=f"变更 #{pk} 已驳回。", to="ops-core-changes")


@operator_required
def ops_oplog(request):
    qs = OperationLog.objects.all()
    schema = request.GET.get("schema", "").strip()
    actor = request.GET.get("actor", "").strip()
    if schema:
        qs = qs.filter(schema_name=schema)
    if actor:
        qs = qs.filter(actor=actor)
    page_obj = paginate(request, qs)
    with_detail_text(page_obj)
    return render(request, "onboarding/ops/oplog.html", {"page_obj": page_obj, "schema": schema, "actor": actor})
