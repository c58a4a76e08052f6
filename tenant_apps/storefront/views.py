"""Merchant console pages on <slug>.<platform host>.

MerchantConsoleAccessMiddleware already lets only the merchant's active staff (or platform
superusers) in; `console_view` re-checks that, and each write checks the role's right.
"""


from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shared_apps.accounts import services as account_services
from shared_apps.accounts.models import MerchantMembership, StaffRole
from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import flash_error, form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm, can, console_view, forbidden, paginate, with_detail_text
from shared_apps.onboarding import services as onboarding_services
from shared_apps.onboarding.forms import CORE_FIELD_LABELS
from shared_apps.onboarding.models import ChangeStatus, CoreChangeCategory
from shared_apps.oplog.models import OperationLog

from . import services

# Fields of each core-info change category, in display order.
CORE_CATEGORY_FIELDS = {
    CoreChangeCategory.BANK_ACCOUNT: ("bank_name", "bank_account_name", "bank_account_no"),
    CoreChangeCategory.FINANCE_INFO: ("legal_name", "tax_id", "invoice_title"),
    CoreChangeCategory.ADMIN_ACCOUNT: ("admin_username",),
}


def _rights(request) -> dict:
    rights = (StaffPerm.PROFILE_EDIT, StaffPerm.STAFF_MANAGE, StaffPerm.CORE_CHANGE, StaffPerm.FINANCE_VIEW)
    return {p.replace(".", "_"): can(request, p) for p in rights}


# ---- forms --------------------------------------------------------------------------------


class ProfileForm(PageForm):
    display_name = forms.CharField(label="店铺展示名称", max_length=100)
    intro = forms.CharField(label="店铺介绍", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    phone = forms.CharField(label="客服电话", max_length=32, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    opening_hours = forms.CharField(label="营业时间", max_length=100, required=False,
                                    help_text="例如：每天 08:00-18:00")
    cover_url = forms.URLField(label="封面图片地址", required=False, assume_scheme="https")


class StaffForm(PageForm):
    username = forms.CharField(label="用户名", max_length=150, help_text="已有平台账号直接填写用户名；新账号需设置密码")
    role = forms.ChoiceField(label="岗位", choices=[c for c in StaffRole.choices if c[0] != StaffRole.OWNER])
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    password = forms.CharField(label="初始密码", required=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="仅新建账号时需要，至少8位")


def core_change_forms(data=None, category=None) -> list[dict]:
    """One small form per core-info category; only the submitted one is bound."""
    result = []
    for cat, fields in CORE_CATEGORY_FIELDS.items():
        form_class = type(PageForm)("CoreChangeForm", (PageForm,), {
            f: forms.CharField(label=f"新{CORE_FIELD_LABELS[f]}", max_length=200) for f in fields
        })
        bound = data is not None and cat == category
        result.append({"category": cat, "label": cat.label,
                       "form": form_class(data if bound else None, prefix=cat.value)})
    return result


# ---- pages --------------------------------------------------------------------------------


def index(request):
    return redirect("console-dashboard")


@console_view
def dashboard(request):
    merchant = request.tenant
    role = request.membership.get_role_display() if request.membership else "平台超级管理员"
    return render(request, "storefront/dashboard.html", {
        "merchant": merchant, "role": role, "profile": services.get_profile(), "rights": _rights(request),
        "pending_changes": merchant.core_changes.filter(status=ChangeStatus.PENDING).count(),
        "staff_count": MerchantMembership.objects.filter(merchant=merchant, is_active=True).count(),
    })


@console_view
def profile(request):
    merchant = request.tenant
    store = services.get_profile()
    profile_form = ProfileForm(initial={f: getattr(store, f) for f in ProfileForm.base_fields})
    change_forms = core_change_forms()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "profile":
            if not can(request, StaffPerm.PROFILE_EDIT):
                return forbidden(request, "您的岗位没有编辑店铺资料的权限。")
            profile_form = ProfileForm(request.POST)
            if profile_form.is_valid():
                try:
                    services.update_profile(**profile_form.cleaned_data)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        profile_form.add_error(field if field in profile_form.fields else None, errors)
                else:
                    messages.success(request, "店铺资料已保存。")
                    return redirect("console-profile")
        elif action == "core_change":
            if not can(request, StaffPerm.CORE_CHANGE):
                return forbidden(request, "只有店主可以申请变更核心信息。")
            category = request.POST.get("category", "")
            change_forms = core_change_forms(request.POST, category)
            bound = next((c["form"] for c in change_forms if c["category"] == category), None)
            if bound is None:
                messages.error(request, "不支持的变更类别。")
            elif bound.is_valid():
                try:
                    onboarding_services.request_core_change(merchant=merchant, category=category,
                                                            payload=bound.cleaned_data, requested_by=request.user)
                except DomainError as exc:
                    form_error(bound, exc)
                else:
                    messages.success(request, "变更申请已提交，平台运营审核通过后生效。")
                    return redirect("console-profile")
    changes = list(merchant.core_changes.select_related("requested_by", "reviewed_by"))
    for change in changes:
        change.changed_fields = [(CORE_FIELD_LABELS.get(k, k), v) for k, v in (change.payload or {}).items()]
    info = onboarding_services.core_info(merchant)
    return render(request, "storefront/profile.html", {
        "merchant": merchant, "profile_form": profile_form, "change_forms": change_forms, "changes": changes,
        "core_info": [(CORE_FIELD_LABELS[k], info.get(k, "")) for f in CORE_CATEGORY_FIELDS.values() for k in f],
        "rights": _rights(request),
    })


@console_view
def staff(request):
    merchant = request.tenant
    form = StaffForm(request.POST or None)
    if request.method == "POST":
        if not can(request, StaffPerm.STAFF_MANAGE):
            return forbidden(request, "您的岗位没有管理员工的权限。")
        if form.is_valid():
            data = form.cleaned_data
            try:
                membership = account_services.add_staff(merchant=merchant, username=data["username"],
                                                        role=data["role"], password=data["password"] or None,
                                                        display_name=data["display_name"])
            except DomainError as exc:
                form_error(form, exc)
            except ValidationError as exc:  # weak password for a new account
                form.add_error("password", exc)
            else:
                messages.success(request, f"已添加员工 {membership.user.username}（{membership.get_role_display()}）。")
                return redirect("console-staff")
    memberships = MerchantMembership.objects.filter(merchant=merchant).select_related("user").order_by(
        "-is_active", "role", "id")
    return render(request, "storefront/staff.html", {
        "memberships": memberships, "form": form, "rights": _rights(request),
    })


@console_view
@require_POST
def staff_deactivate(request, pk):
    if not can(request, StaffPerm.STAFF_MANAGE):
        return forbidden(request, "您的岗位没有管理员工的权限。")
    # Scoped to this merchant: another merchant's membership id is a 404 here.
    membership = get_object_or_404(MerchantMembership, pk=pk, merchant=request.tenant)
    if membership.user_id == request.user.pk:
        messages.error(request, "不能停用自己的账号。")
        return redirect("console-staff")
    try:
        account_services.deactivate_staff(membership=membership)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, f"已停用员工 {membership.user.username}。")
    return redirect("console-staff")


@console_view
def oplog(request):
    qs = OperationLog.objects.filter(schema_name=request.tenant.schema_name)
    page_obj = paginate(request, qs)
    with_detail_text(page_obj)
    return render(request, "storefront/oplog.html", {"page_obj": page_obj})
