"""HTML forms for the application page and the operator review pages."""

from django import forms

from shared_apps.core.pages import PageForm

from .models import MerchantApplication

# Labels for core-info fields, shared by the operator and merchant consoles.
CORE_FIELD_LABELS = {
    "bank_name": "开户银行",
    "bank_account_name": "账户名称",
    "bank_account_no": "银行账号",
    "legal_name": "企业法定名称",
    "tax_id": "纳税人识别号",
    "invoice_title": "发票抬头",
    "admin_username": "管理员账号",
}


class ApplicationForm(PageForm):
    name = forms.CharField(label="商户名称", max_length=100)
    kind = forms.ChoiceField(label="商户类型", choices=MerchantApplication._meta.get_field("kind").choices)
    slug = forms.CharField(
        label="二级域名", max_length=30,
        help_text="3-30位小写字母或数字，以字母开头。例如填写 lushan，开通后商户控制台地址为 lushan.平台域名",
    )
    legal_name = forms.CharField(label="企业法定名称", max_length=200)
    license_no = forms.CharField(label="营业执照号", max_length=64)
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=32)
    address = forms.CharField(label="经营地址", max_length=200, required=False)
    bank_name = forms.CharField(label="开户银行", max_length=100, required=False)
    bank_account_name = forms.CharField(label="对公账户名称", max_length=100, required=False)
    bank_account_no = forms.CharField(label="对公银行账号", max_length=40, required=False)
    tax_id = forms.CharField(label="纳税人识别号", max_length=32, required=False)
    invoice_title = forms.CharField(label="发票抬头", max_length=200, required=False)
    owner_username = forms.CharField(label="管理员用户名", max_length=150,
                                     help_text="将创建为商户店主账号，用于登录商户控制台")
    owner_password = forms.CharField(label="管理员密码",
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                     help_text="至少8位，不能是常见密码或纯数字")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            # A signed-in applicant becomes the owner: no separate account fields.
            del self.fields["owner_username"]
            del self.fields["owner_password"]

    def clean_slug(self):
        # The service checks the format and availability; it sees the normalised value.
        return self.cleaned_data["slug"].strip().lower()
