"""Forms of the enterprise portal: they parse and validate; the services write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import UsernameField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from benchmarking.models import Industry, IndustryLevel, Region, RegionLevel
from core.forms import BootstrapFormMixin
from core.identifiers import UsccCheck, check_uscc

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9\- ()]{5,24}$", _("请输入有效的电话号码，如 0755-12345678 或 13800138000。")
)


def industry_choices() -> list:
    """GB/T 4754 divisions grouped by their section (one query)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for division in Industry.objects.filter(level=IndustryLevel.DIVISION).select_related("parent").order_by("code"):
        section = division.parent
        groups.setdefault(f"{section.code} {section.name_zh}", []).append((division.code, str(division)))
    return [("", _("— 请选择行业大类 —")), *groups.items()]


class RegionPickerMixin:
    """Province → city → county selects; each level's choices are the children of the level above.

    ``region`` in cleaned_data is the deepest level chosen. The selects' htmx attributes fetch the
    next level's options from companies:region_options as the person chooses.
    """

    def _setup_region_fields(self, initial_region: Region | None = None) -> None:
        options_url = reverse_lazy("companies:region_options")
        self.fields["province"] = forms.ModelChoiceField(
            label=_("省份"), empty_label=_("— 请选择省份 —"),
            queryset=Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code"),
            widget=forms.Select(attrs={"hx-get": options_url, "hx-target": "#id_city", "hx-trigger": "change"}),
        )
        self.fields["city"] = forms.ModelChoiceField(
            label=_("城市（直辖市为区县）"), required=False, empty_label=_("— 请选择 —"),
            queryset=Region.objects.none(),
            widget=forms.Select(attrs={"hx-get": options_url, "hx-target": "#id_county", "hx-trigger": "change"}),
        )
        self.fields["county"] = forms.ModelChoiceField(
            label=_("区县"), required=False, empty_label=_("— 请选择 —"), queryset=Region.objects.none(),
            widget=forms.Select(attrs={
                "hx-get": options_url, "hx-trigger": "change from:#id_province", "hx-params": "none",
                "hx-target": "this",
            }),
        )
        province_code = city_code = None
        if self.is_bound:
            province_code = self.data.get(self.add_prefix("province")) or None
            city_code = self.data.get(self.add_prefix("city")) or None
        elif initial_region is not None:
            chain = [initial_region]
            while chain[-1].parent_id:
                chain.append(chain[-1].parent)
            chain.reverse()
            for name, region in zip(("province", "city", "county"), chain, strict=False):
                self.initial[name] = region.pk
            province_code = chain[0].pk
            city_code = chain[1].pk if len(chain) > 1 else None
        if province_code:
            self.fields["city"].queryset = Region.objects.filter(parent_id=str(province_code)[:6]).order_by("code")
        if city_code:
            self.fields["county"].queryset = Region.objects.filter(parent_id=str(city_code)[:6]).order_by("code")

    def _clean_region(self, cleaned_data: dict) -> None:
        province, city, county = (cleaned_data.get(name) for name in ("province", "city", "county"))
        region = county or city or province
        if region is None:
            return
        if region.city_id is None:
            self.add_error("city", _("请选择所在城市（直辖市可直接选择区县）。"))
            return
        cleaned_data["region"] = region


class EnterpriseRegistrationForm(BootstrapFormMixin, RegionPickerMixin, forms.Form):
    uscc = forms.CharField(
        label=_("统一社会信用代码"), max_length=40,
        help_text=_("18 位，见营业执照；所在城市试点办公室审核时将对照营业执照核验。"),
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "spellcheck": "false", "class": "font-monospace text-uppercase",
            "hx-get": reverse_lazy("companies:uscc_check"), "hx-trigger": "input changed delay:400ms",
            "hx-target": "#uscc-feedback",
        }),
    )
    name = forms.CharField(label=_("企业名称"), max_length=200)
    industry = forms.ChoiceField(label=_("所属行业（GB/T 4754 大类）"))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=60)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, validators=[phone_validator])
    contact_email = forms.EmailField(label=_("联系邮箱"), help_text=_("账户确认邮件将发送到此邮箱。"))
    username = UsernameField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password1 = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("确认密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    field_order = [
        "uscc", "name", "province", "city", "county", "address", "industry",
        "contact_name", "contact_phone", "contact_email", "username", "password1", "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_region_fields()
        self.fields["industry"].choices = industry_choices()
        self.uscc_check: UsccCheck | None = None
        self.order_fields(self.field_order)
        self.apply_bootstrap()

    def clean_uscc(self) -> str:
        self.uscc_check = check_uscc(self.cleaned_data["uscc"])  # raises with the reason
        return self.uscc_check.code

    def clean_industry(self) -> Industry:
        try:
            return Industry.objects.get(code=self.cleaned_data["industry"], level=IndustryLevel.DIVISION)
        except Industry.DoesNotExist:
            raise ValidationError(_("请选择国民经济行业大类。"), code="industry") from None

    def clean(self):
        cleaned_data = super().clean()
        self._clean_region(cleaned_data)
        password1, password2 = cleaned_data.get("password1"), cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif password1:
            probe = User(
                username=cleaned_data.get("username") or "", email=cleaned_data.get("contact_email") or "",
                first_name=(cleaned_data.get("contact_name") or "")[:150],
            )
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data

    @property
    def uscc_legacy(self) -> bool:
        return bool(self.uscc_check and self.uscc_check.legacy_checksum)

    # Service errors are keyed by model field; the region is chosen on the "city" select.
    SERVICE_FIELDS = {"region": "city"}


class EnterpriseContactForm(BootstrapFormMixin, forms.Form):
    contact_name = forms.CharField(label=_("联系人"), max_length=60)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, validators=[phone_validator])
    contact_email = forms.EmailField(label=_("联系邮箱"))
    address = forms.CharField(label=_("地址"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()
