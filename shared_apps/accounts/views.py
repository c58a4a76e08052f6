"""Account pages: login, logout and tourist sign-up (served on the platform and merchant hosts)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from shared_apps.core.clientip import client_ip
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm

from . import services
from .pending import localized, start_pending_login

# DomainError codes that belong to one form field.
ERROR_FIELDS = {"username_taken": "username", "phone_taken": "phone"}


class LoginForm(AuthenticationForm):
    """The console/H5 password form under the brute-force protection (services.password_login)."""

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": "用户名或密码错误，请重试。"}

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = services.password_login(request=self.request, username=username,
                                                          password=password, ip=client_ip(self.request))
            except DomainError as exc:
                raise ValidationError(localized(exc), code=exc.code) from exc
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class PlatformLoginView(LoginView):
    """Password first; an account with two-factor on (or an operator who must set it up) finishes
    on the code page (views_security) before it is logged in."""

    template_name = "registration/login.html"
    authentication_form = LoginForm

    def form_invalid(self, form):
        locked = any(e.code == "login_locked" for e in form.non_field_errors().as_data())
        response = super().form_invalid(form)
        response.status_code = 429 if locked else response.status_code
        return response

    def form_valid(self, form):
        user = form.get_user()
        if user.has_totp or services.totp_mandatory(user):
            start_pending_login(self.request, user, self.get_success_url())
            return redirect("login-otp" if user.has_totp else "login-totp-setup")
        return super().form_valid(form)


class PlatformLogoutView(LogoutView):
    """POST only (Django 5). Back to the marketplace, or to the login page on a merchant host."""

    def get_default_redirect_url(self):
        if getattr(self.request, "is_platform_host", True):
            return "/"
        return settings.LOGIN_URL


class RegisterForm(PageForm):
    username = forms.CharField(label="用户名", max_length=150,
                               help_text="最多150个字符，可使用字母、数字和 @/./+/-/_")
    display_name = forms.CharField(label="昵称", max_length=50, required=False)
    phone = forms.RegexField(label="手机号", regex=r"^1\d{10}$", required=False,
                             error_messages={"invalid": "请输入11位手机号"})
    password = forms.CharField(label="密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="至少8位，不能是常见密码或纯数字")
    password2 = forms.CharField(label="确认密码",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "两次输入的密码不一致")
        return data


def register(request):
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    if request.user.is_authenticated:
        messages.info(request, "您已登录。")
        return redirect(next_url)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_tourist(username=data["username"], password=data["password"],
                                             phone=data["phone"], display_name=data["display_name"])
        except DomainError as exc:
            form.add_error(ERROR_FIELDS.get(exc.code), exc.message)
        except ValidationError as exc:  # weak password
            form.add_error("password", exc)
        else:
            login(request, user)
            messages.success(request, f"注册成功，欢迎您，{user}！")
            return redirect(next_url)
    return render(request, "accounts/register.html", {"form": form, "next": next_url})
