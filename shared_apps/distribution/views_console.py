"""Merchant console pages for distribution (merchant host): authorised distributors and the
distributor discount policies (DST-DIS-03). Reads need console.view, writes distribution.manage.
Input is parsed here; every rule lives in services.discounts (its DomainError messages are shown)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import flash_error, form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm, can, console_view, forbidden
from shared_apps.distribution import errors
from tenant_apps.catalog import selectors as catalog

from .models import ContractStatus, DiscountMode, DistributorContract, DistributorLevel
from .services import discounts

NO_EDIT = "您的岗位没有管理分销的权限。"
WEEKDAYS = [(1, "周一"), (2, "周二"), (3, "周三"), (4, "周四"), (5, "周五"), (6, "周六"), (7, "周日")]


def _yuan_to_fen(value) -> int | None:
    return None if value is None else int((Decimal(value) * 100).to_integral_value())


class PolicyForm(PageForm):
    name = forms.CharField(label="策略名称", max_length=50)
    target = forms.ChoiceField(label="适用对象")
    product_ids = forms.MultipleChoiceField(label="适用商品", required=False, widget=forms.CheckboxSelectMultiple,
                                            help_text="不选则适用于授权范围内的全部商品")
    mode = forms.ChoiceField(label="优惠方式", choices=DiscountMode.choices)
    percent_off = forms.DecimalField(label="优惠比例(%)", required=False, max_digits=6, decimal_places=2,
                                     help_text="按渠道分销价优惠的百分比，例如 12 表示 88 折")
    net_price = forms.DecimalField(label="固定结算价(元)", required=False, max_digits=12, decimal_places=2,
                                   help_text="客房为每晚价格")
    valid_from = forms.DateField(label="生效日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    weekdays = forms.MultipleChoiceField(label="适用星期", required=False, choices=WEEKDAYS,
                                         widget=forms.CheckboxSelectMultiple, help_text="不选则每天适用")
    tiers = forms.CharField(label="团队阶梯", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="每行一档：起订数量=优惠比例(%)或结算价(元)，例如 10=15 或 20=60")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, merchant, products, **kwargs):
        super().__init__(*args, **kwargs)
        contracts = DistributorContract.objects.filter(merchant=merchant).select_related("distributor")
        self.fields["target"].choices = (
            [(f"c:{c.pk}", f"分销商：{c.distributor.name}（{c.get_status_display()}）") for c in contracts]
            + [(f"l:{lv.pk}", f"分销商等级：{lv.name}") for lv in DistributorLevel.objects.order_by("rank")])
        self.fields["product_ids"].choices = [(str(p.pk), p.name) for p in products]

    def service_data(self) -> dict:
        d = self.cleaned_data
        kind, _, pk = d["target"].partition(":")
        fixed = d["mode"] == DiscountMode.FIXED
        tiers = []
        for i, raw in enumerate(line for line in (d["tiers"] or "").splitlines() if line.strip()):
            units, _, value = raw.replace("＝", "=").partition("=")
            try:
                amount = Decimal(value.strip())
                tiers.append({"min_units": int(units.strip()),
                              **({"net_price_fen": _yuan_to_fen(amount)} if fixed else {"percent_off": amount})})
            except (InvalidOperation, ValueError):
                raise DomainError(errors.DISCOUNT_TIERS_INVALID_TIER_LINES_UNITS, n=i + 1) from None
        return {"name": d["name"], "contract_id": int(pk) if kind == "c" else None,
                "level_id": int(pk) if kind == "l" else None,
                "product_ids": [int(p) for p in d["product_ids"]], "mode": d["mode"],
                "percent_off": None if fixed else d["percent_off"],
                "net_price_fen": _yuan_to_fen(d["net_price"]) if fixed else None,
                "valid_from": d["valid_from"], "valid_until": d["valid_until"],
                "weekdays": [int(w) for w in d["weekdays"]], "tiers": tiers, "is_active": d["is_active"]}


def _pct(value) -> str:
    return f"{value.normalize():f}"


def _value_text(mode, percent_off, net_price_fen) -> str:
    return f"{_pct(percent_off)}%" if mode == DiscountMode.PERCENT else f"¥{net_price_fen / 100:.2f}"


def _initial(policy) -> dict:
    fixed = policy.mode == DiscountMode.FIXED
    value = (lambda t: f"{t.net_price_fen / 100:g}") if fixed else (lambda t: _pct(t.percent_off))
    return {"name": policy.name, "target": f"c:{policy.contract_id}" if policy.contract_id else f"l:{policy.level_id}",
            "product_ids": [str(p) for p in policy.product_ids], "mode": policy.mode,
            "percent_off": policy.percent_off,
            "net_price": Decimal(policy.net_price_fen) / 100 if policy.net_price_fen is not None else None,
            "valid_from": policy.valid_from, "valid_until": policy.valid_until,
            "weekdays": [str(d) for d in discounts.mask_to_weekdays(policy.weekdays)],
            "tiers": "\n".join(f"{t.min_units}={value(t)}" for t in policy.tiers.all()), "is_active": policy.is_active}


def _products():
    return list(catalog.products())


def _save(request, form, policy_id=None):
    if not form.is_valid():
        return None
    try:
        return discounts.save_policy(merchant=request.tenant, user=request.user, data=form.service_data(),
                                     policy_id=policy_id)
    except DomainError as exc:
        form_error(form, exc)
        return None


@console_view
def distribution_home(request):
    products = _products()
    form = PolicyForm(request.POST or None, merchant=request.tenant, products=products)
    if request.method == "POST":
        if not can(request, StaffPerm.DISTRIBUTION_MANAGE):
            return forbidden(request, NO_EDIT)
        policy = _save(request, form)
        if policy:
            messages.success(request, f"已创建优惠策略“{policy.name}”。")
            return redirect("console-distribution")
    names = {p.pk: p.name for p in products}
    policies = list(discounts.policies_of(request.tenant))
    for p in policies:
        p.product_names = [names.get(i, f"#{i}") for i in p.product_ids]
        p.weekday_names = [dict(WEEKDAYS)[d] for d in discounts.mask_to_weekdays(p.weekdays)]
        p.value_text = _value_text(p.mode, p.percent_off, p.net_price_fen)
        p.tier_texts = [f"≥{t.min_units}：{_value_text(p.mode, t.percent_off, t.net_price_fen)}" for t in p.tiers.all()]
    contracts = DistributorContract.objects.filter(merchant=request.tenant).select_related("distributor")
    return render(request, "distribution/console_home.html", {
        "contracts": contracts, "policies": policies, "form": form, "active": ContractStatus.ACTIVE,
        "can_edit": can(request, StaffPerm.DISTRIBUTION_MANAGE)})


@console_view
def policy_edit(request, pk: int):
    try:
        policy = discounts.get_policy(request.tenant, pk)
    except DomainError:
        return render(request, "core/forbidden.html", {"reason": "优惠策略不存在。"}, status=404)
    form = PolicyForm(request.POST or None, merchant=request.tenant, products=_products(),
                      initial=_initial(policy))
    if request.method == "POST":
        if not can(request, StaffPerm.DISTRIBUTION_MANAGE):
            return forbidden(request, NO_EDIT)
        saved = _save(request, form, policy_id=pk)
        if saved:
            messages.success(request, f"已保存优惠策略“{saved.name}”。")
            return redirect("console-distribution")
    return render(request, "distribution/console_policy.html", {
        "policy": policy, "form": form, "can_edit": can(request, StaffPerm.DISTRIBUTION_MANAGE),
        "bookings": policy.bookings.count()})


@console_view
@require_POST
def policy_delete(request, pk: int):
    if not can(request, StaffPerm.DISTRIBUTION_MANAGE):
        return forbidden(request, NO_EDIT)
    try:
        discounts.delete_policy(merchant=request.tenant, user=request.user, policy_id=pk)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, "已删除优惠策略。")
    return redirect("console-distribution")
