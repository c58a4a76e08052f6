"""Forms of the merchant console's catalog pages. Amounts are typed in yuan and stored in fen;
every business rule stays in services.py (these forms only parse input)."""

from decimal import Decimal

from django import forms
from django.conf import settings

from shared_apps.core.pages import PageForm

from .models import Channel, InventoryMode, ProductKind

# Kind-specific attributes shown as simple fields: (key, label, type). The service validates them.
ATTRIBUTE_FIELDS = {
    ProductKind.TICKET: [("face_text", "票面文字", "text"), ("booking_notes", "预订须知", "textarea"),
                         ("advance_hours", "提前预订小时数", "int"), ("valid_days", "有效天数", "int"),
                         ("entry_start", "入园开始时间(HH:MM)", "text"), ("entry_end", "入园截止时间(HH:MM)", "text")],
    ProductKind.ROOM: [("bed_type", "床型", "text"), ("area_m2", "面积(平方米)", "number"),
                       ("max_guests", "最多入住人数", "int"), ("breakfast", "含早餐", "bool"),
                       ("pay_at_hotel", "支持到店付款", "bool"),
                       ("pay_at_hotel_cutoff", "到店付款免费取消截止(HH:MM，入住当日，默认18:00)", "text")],
    ProductKind.DISH: [("category", "菜品分类", "text"), ("spicy", "辣度(0-3)", "int"), ("unit", "单位", "text")],
    ProductKind.GOODS: [("sku", "货号", "text"), ("weight_g", "重量(克)", "int"), ("origin", "产地", "text"),
                        ("shipping_fee_fen", "运费(分)", "int")],
    ProductKind.PACKAGE: [("face_text", "票面文字", "text"), ("booking_notes", "预订须知", "textarea"),
                          ("advance_hours", "提前预订小时数", "int"), ("valid_days", "有效天数", "int")],
}
WEEKDAYS = [(0, "周一"), (1, "周二"), (2, "周三"), (3, "周四"), (4, "周五"), (5, "周六"), (6, "周日")]


def to_fen(value) -> int | None:
    return None if value is None else int((Decimal(value) * 100).to_integral_value())


def fen_to_yuan(fen) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100


def yuan_field(label: str, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=12, decimal_places=2, help_text=help_text)


def parse_sessions(text: str) -> list[str]:
    return [s.strip() for s in (text or "").replace("，", ",").replace("\n", ",").split(",") if s.strip()]


class ProductBaseForm(PageForm):
    name = forms.CharField(label="商品名称", max_length=100)
    subtitle = forms.CharField(label="副标题", max_length=200, required=False)
    description = forms.CharField(label="商品介绍", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    base_price = yuan_field("基础售价(元)")
    distributor_price = yuan_field("分销价(元)", required=False, help_text="留空则分销渠道按基础售价")
    inventory_mode = forms.ChoiceField(label="库存模式", choices=[("", "按商品类型默认")] + InventoryMode.choices,
                                       required=False)
    sessions = forms.CharField(label="场次", required=False,
                               help_text="仅按日期库存的门票需要，格式 HH:MM-HH:MM，多个用逗号分隔")
    max_per_tourist = forms.IntegerField(
        label="每位游客每日限购", required=False, min_value=1,
        help_text="同一游客对本商品同一日期最多可占用或购买的件数（含未支付订单）；留空按平台默认，秒杀商品填 1")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_per_tourist"].widget.attrs["placeholder"] = (
            f"平台默认 {settings.TOURIST_MAX_UNITS_PER_PRODUCT_DAY}")

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {"name": data["name"], "subtitle": data["subtitle"], "description": data["description"],
                  "base_price_fen": to_fen(data["base_price"]),
                  "distributor_price_fen": to_fen(data["distributor_price"]),
                  "sessions": parse_sessions(data["sessions"]), "max_per_tourist": data["max_per_tourist"]}
        if data["inventory_mode"]:
            fields["inventory_mode"] = data["inventory_mode"]
        return fields


class ProductCreateForm(ProductBaseForm):
    kind = forms.ChoiceField(label="商品类型", choices=ProductKind.choices)
    on_shelf = forms.BooleanField(label="创建后立即上架", required=False)
    field_order = ["kind", "name"]


def attributes_form(kind: str, data=None, initial=None):
    """A form with one field per attribute of `kind`."""
    fields = {}
    for key, label, kind_of in ATTRIBUTE_FIELDS.get(kind, []):
        if kind_of == "int":
            fields[key] = forms.IntegerField(label=label, required=False)
        elif kind_of == "number":
            fields[key] = forms.DecimalField(label=label, required=False, max_digits=10, decimal_places=2)
        elif kind_of == "bool":
            fields[key] = forms.BooleanField(label=label, required=False)
        elif kind_of == "textarea":
            fields[key] = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
        else:
            fields[key] = forms.CharField(label=label, required=False)
    form_class = type("AttributesForm", (PageForm,), fields)
    return form_class(data, initial=initial, prefix="attr")


def attributes_of(form) -> dict:
    """Cleaned attribute values, leaving out the empty ones."""
    result = {}
    for key, value in form.cleaned_data.items():
        if value is None or value == "":
            continue
        if isinstance(value, Decimal):
            value = float(value)
        if isinstance(form.fields[key], forms.BooleanField) and not value:
            continue
        result[key] = value
    return result


class PolicyForm(PageForm):
    channel = forms.ChoiceField(label="渠道", choices=Channel.choices)
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text="留空表示长期有效")
    weekdays = forms.TypedMultipleChoiceField(label="适用星期", choices=WEEKDAYS, coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple, help_text="不选表示每天")
    price = yuan_field("价格(元)")
    priority = forms.IntegerField(label="优先级", initial=0, help_text="数值越大越优先")
    note = forms.CharField(label="备注", max_length=200, required=False)


class CapacityForm(PageForm):
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    sessions = forms.MultipleChoiceField(label="场次", required=False, widget=forms.CheckboxSelectMultiple,
                                         help_text="不选表示全部场次")
    capacity = forms.IntegerField(label="每日库存")

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        if sessions:
            self.fields["sessions"].choices = [(s, s) for s in sessions]
        else:
            del self.fields["sessions"]


class StockForm(PageForm):
    capacity = forms.IntegerField(label="总库存")
