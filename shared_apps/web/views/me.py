"""Personal centre: profile, wallet (balance, top-up), travellers, addresses, preferences,
spending statistics (EC-ACC-02/03/08/09, EC-ORD-03/04)."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shared_apps.core.clientip import client_ip
from shared_apps.core.errors import form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm
from shared_apps.ledger import services as ledger
from shared_apps.ledger.money import fen_from_yuan
from shared_apps.payments import services as payments
from shared_apps.payments.models import Method
from shared_apps.settlement.services import statement
from shared_apps.tourists import selectors as tourists
from shared_apps.tourists import services as tourist_services
from shared_apps.tourists.models import FAVOURITE_KINDS, IdType, Language
from tenants.models import MerchantKind

from .. import selectors
from .buy import _follow
from .common import api_error, page, safe_next


def _form_error(form, exc: DomainError) -> None:
    """Put a service error on the field it names (details), else on the form."""
    fields = [f for f in (exc.details or {}) if f in form.fields] if isinstance(exc.details, dict) else []
    form_error(form, exc, fields[0] if fields else None)


@login_required
def centre(request):
    user = request.user
    return page(request, "web/me.html", {
        "balance_fen": ledger.owed(f"wallet:{user.pk}"), "available_fen": payments.wallet_available(user),
        "stats": selectors.spending(user, months=1), "order_counts": _order_counts(user), "tab": "me",
    })


def _order_counts(user) -> dict:
    counts = {}
    for key, (_, statuses) in selectors.ORDER_TABS.items():
        if statuses and key in ("unpaid", "paid", "refund"):
            counts[key] = selectors.my_orders(user, tab=key).count()
    return counts


class ProfileForm(PageForm):
    display_name = forms.CharField(label="昵称", max_length=50, required=False)
    phone = forms.CharField(label="手机号", max_length=11, required=False)


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"display_name": user.display_name, "phone": user.phone or ""})
    if request.method == "POST" and form.is_valid():
        try:
            tourist_services.update_profile(user=user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "个人资料已保存")
            return redirect("web-me-profile")
    return page(request, "web/me_form.html", {"form": form, "title": "个人资料", "tab": "me"})


class TopupForm(PageForm):
    amount = forms.CharField(label="充值金额（元）", max_length=10, initial="100")
    method = forms.ChoiceField(label="支付方式", choices=[(Method.WECHAT, "微信支付"), (Method.ALIPAY, "支付宝")],
                               widget=forms.RadioSelect, initial=Method.WECHAT)

    def clean_amount(self):
        try:
            fen = fen_from_yuan(self.cleaned_data["amount"])
        except ValueError:
            raise forms.ValidationError("请输入正确的金额，最多两位小数")
        if not 100 <= fen <= payments.MAX_TOPUP_FEN:
            raise forms.ValidationError("充值金额需在 1 元到 50000 元之间")
        return fen


@login_required
def wallet(request):
    user = request.user
    form = TopupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intent = payments.create_intent(
                user=user, method=form.cleaned_data["method"], topup_fen=form.cleaned_data["amount"],
                return_url=request.build_absolute_uri(reverse("web-topup-result")), ip=client_ip(request),
                channel="h5")
        except DomainError as exc:
            _form_error(form, exc)
        else:
            return _follow(intent, reverse("web-topup-result"))

    now = timezone.now()
    lines = statement(code=f"wallet:{user.pk}", start=now - timedelta(days=90),
                      end=now + timedelta(seconds=1))["lines"][-20:]
    return page(request, "web/wallet.html", {
        "form": form, "balance_fen": ledger.owed(f"wallet:{user.pk}"),
        "available_fen": payments.wallet_available(user), "lines": list(reversed(lines)), "tab": "me",
    })


class TravellerForm(PageForm):
    name = forms.CharField(label="姓名", max_length=50)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices, initial=IdType.ID_CARD)
    id_no = forms.CharField(label="证件号码", max_length=32)
    phone = forms.CharField(label="手机号", max_length=11, required=False)
    is_self = forms.BooleanField(label="这是我本人", required=False)


def _list_create(request, *, form_class, create, rows, template: str, done: str, url_name: str):
    """A "my things" page: the list, and a form that adds one through `create(user=, **fields)`;
    a domain error lands on the form, success returns to ?next= or to the list."""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(safe_next(request, request.GET.get("next"), reverse(url_name)))
    return page(request, template, {"form": form, "rows": list(rows(request.user)), "tab": "me"})


@login_required
def travellers(request):
    return _list_create(request, form_class=TravellerForm, create=tourist_services.create_traveller,
                        rows=tourists.travellers_of, template="web/travellers.html", done="常用旅客已添加",
                        url_name="web-me-travellers")


@login_required
@require_POST
def traveller_delete(request, pk: int):
    try:
        tourist_services.delete_traveller(user=request.user, traveller_id=pk)
    except DomainError as exc:
        api_error(request, exc)
    else:
        messages.success(request, "已删除")
    return redirect("web-me-travellers")


class AddressForm(PageForm):
    recipient = forms.CharField(label="收件人", max_length=50)
    phone = forms.CharField(label="手机号", max_length=11)
    province = forms.CharField(label="省份", max_length=50)
    city = forms.CharField(label="城市", max_length=50)
    district = forms.CharField(label="区县", max_length=50, required=False)
    detail = forms.CharField(label="详细地址", max_length=200)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    is_default = forms.BooleanField(label="设为默认地址", required=False)


@login_required
def addresses(request):
    return _list_create(request, form_class=AddressForm, create=tourist_services.create_address,
                        rows=tourists.addresses_of, template="web/addresses.html", done="收货地址已添加",
                        url_name="web-me-addresses")


@login_required
@require_POST
def address_action(request, pk: int):
    try:
        if request.POST.get("action") == "default":
            tourist_services.set_default_address(user=request.user, address_id=pk)
            messages.success(request, "已设为默认地址")
        else:
            tourist_services.delete_address(user=request.user, address_id=pk)
            messages.success(request, "已删除")
    except DomainError as exc:
        api_error(request, exc)
    return redirect("web-me-addresses")


KIND_LABELS = dict(MerchantKind.choices)


class PreferencesForm(PageForm):
    language = forms.ChoiceField(label="界面语言", choices=Language.choices)
    favourite_kinds = forms.MultipleChoiceField(
        label="感兴趣的类别", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(k, KIND_LABELS.get(k, k)) for k in FAVOURITE_KINDS])
    notify_sms = forms.BooleanField(label="短信通知", required=False)
    notify_wechat = forms.BooleanField(label="微信通知", required=False)


@login_required
def preferences(request):
    prefs = tourists.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, initial={
        "language": prefs.language, "favourite_kinds": prefs.favourite_kinds, "notify_sms": prefs.notify_sms,
        "notify_wechat": prefs.notify_wechat})
    if request.method == "POST" and form.is_valid():
        try:
            saved = tourist_services.update_preferences(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "偏好设置已保存")
            response = redirect("web-me-preferences")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, saved.language, samesite="Lax")
            return response
    return page(request, "web/me_form.html", {"form": form, "title": "偏好设置", "tab": "me"})


@login_required
def stats(request):
    data = selectors.spending(request.user)
    chart = {"months": [m["month"] for m in data["months"]],
             "amounts": [m["amount_fen"] / 100 for m in data["months"]],  # chart axis only, never money math
             "kinds": [{"name": k["kind"], "value": k["amount_fen"] / 100} for k in data["kinds"]]}
    return page(request, "web/stats.html", {"s": data, "chart": chart, "tab": "me"})
