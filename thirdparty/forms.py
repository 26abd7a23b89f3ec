"""Forms of the institution portal: they validate and parse; the services write."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from benchmarking.models import ProductCategory, Region, RegionLevel
from core.forms import HeldFilesMixin
from core.identifiers import check_uscc
from core.services import held_uploads_release
from core.uploads import MAX_SCAN_BYTES, validate_scan

from . import services
from .models import Certificate, CertificateKind, InstitutionKind, ServiceKind

ACCEPTED_SCANS = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _text(max_length: int, label, *, required: bool = True, **attrs) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, required=required,
        widget=forms.TextInput(attrs={"class": "form-control", **attrs}),
    )


class BootstrapErrorsMixin:
    """Marks a field with errors ``is-invalid`` so Bootstrap shows it in red."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                if "is-invalid" not in classes:
                    widget.attrs["class"] = f"{classes} is-invalid".strip()


# --- the region picker: province → city → county ----------------------------------------------------

def region_children(parent_code: str | None):
    if not parent_code:
        return Region.objects.none()
    return Region.objects.filter(parent_id=parent_code).order_by("code")


class RegionSelect(forms.Select):
    """A level of the cascading region picker; choosing reloads the next level's options."""

    def __init__(self, *, next_level: str | None = None):
        attrs = {"class": "form-select"}
        if next_level:
            attrs |= {
                "hx-get": reverse_lazy("thirdparty:region_children"),
                "hx-trigger": "change",
                "hx-target": f"#id_{next_level}",
                "hx-swap": "innerHTML",
                "data-region-next": next_level,
            }
        super().__init__(attrs=attrs)


class RegionFieldsMixin:
    """``province``, ``city`` and ``county`` fields whose choices follow the level above, and the
    chosen ``region`` (the most precise level given) in ``cleaned_data``."""

    def _init_regions(self) -> None:
        province = self._region_value("province")
        city = self._region_value("city")
        self.fields["province"] = forms.ModelChoiceField(
            label=_("省份"), queryset=Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code"),
            empty_label=_("— 请选择省份 —"), widget=RegionSelect(next_level="city"),
        )
        self.fields["city"] = forms.ModelChoiceField(
            label=_("城市"), queryset=region_children(province), required=False,
            empty_label=_("— 请选择城市 —"), widget=RegionSelect(next_level="county"),
        )
        # Required whenever the province has cities (all but three have): shown as required.
        self.fields["city"].shown_required = True
        self.fields["county"] = forms.ModelChoiceField(
            label=_("区县"), queryset=region_children(city), required=False,
            empty_label=_("— 区县（可不选）—"), widget=RegionSelect(),
        )

    def _region_value(self, name: str) -> str | None:
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        value = getattr(value, "pk", value)
        return str(value) if value and str(value).isdigit() and len(str(value)) == 6 else None

    def _clean_region(self, cleaned: dict) -> None:
        province, city, county = cleaned.get("province"), cleaned.get("city"), cleaned.get("county")
        if province is None:
            return
        if city is None and province.children.exists():
            self.add_error("city", _("请选择机构所在的城市。"))
            return
        cleaned["region"] = county or city or province


# --- registration -----------------------------------------------------------------------------------

class RegistrationForm(BootstrapErrorsMixin, RegionFieldsMixin, forms.Form):
    uscc = _text(30, _("统一社会信用代码"), autocomplete="off", spellcheck="false")
    confirm_legacy_uscc = forms.BooleanField(
        label=_("我已核对：本机构的统一社会信用代码是早期发放的存量代码，校验位与国家标准不符"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    name = _text(200, _("机构名称"))
    kind = forms.ChoiceField(
        label=_("机构类型"), choices=[("", _("— 请选择 —")), *InstitutionKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    contact_name = _text(60, _("联系人"))
    contact_phone = _text(30, _("联系电话"), autocomplete="tel")
    contact_email = forms.EmailField(
        label=_("联系邮箱"), max_length=254, help_text=_("认定结果和证书到期提醒发送到此邮箱。"),
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
    )
    website = forms.URLField(
        label=_("网站"), required=False, max_length=200, assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control", "placeholder": "https://"}),
    )
    description = forms.CharField(
        label=_("机构简介"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    username = _text(150, _("用户名"), autocomplete="username")
    password1 = forms.CharField(
        label=_("密码"), strip=False, help_text=password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"), strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_regions()
        self.uscc_check = None
        self.needs_legacy_confirmation = False

    def clean_uscc(self):
        self.uscc_check = check_uscc(self.cleaned_data["uscc"])
        return self.uscc_check.code

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("用户名“%(name)s”已被使用。"), code="username_taken", params={"name": username})
        return username

    def clean(self):
        cleaned = super().clean()
        self._clean_region(cleaned)
        check = self.uscc_check
        if check is not None and check.legacy_checksum and not cleaned.get("confirm_legacy_uscc"):
            self.needs_legacy_confirmation = True
            self.add_error("uscc", ValidationError(
                _("统一社会信用代码的校验位与 GB 32100 不符（按标准最后一位应为“%(expected)s”）。请核对代码；"
                  "如确为早期发放的存量代码，请勾选下方确认后再次提交，登记后将标注“校验位不符”。"),
                code="uscc_legacy", params={"expected": check.expected_check_character},
            ))
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif password1:
            user = User(username=cleaned.get("username", ""), email=cleaned.get("contact_email", ""),
                        first_name=cleaned.get("name", ""))
            try:
                validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    @property
    def shows_legacy_confirmation(self) -> bool:
        return self.needs_legacy_confirmation or bool(self.data.get(self.add_prefix("confirm_legacy_uscc")))


class ContactsForm(BootstrapErrorsMixin, forms.Form):
    contact_name = _text(60, _("联系人"))
    contact_phone = _text(30, _("联系电话"), autocomplete="tel")
    contact_email = forms.EmailField(
        label=_("联系邮箱"), max_length=254,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
    )
    website = forms.URLField(
        label=_("网站"), required=False, max_length=200, assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control", "placeholder": "https://"}),
    )
    description = forms.CharField(
        label=_("机构简介"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )


# --- certificates ------------------------------------------------------------------------------------

class CertificateForm(HeldFilesMixin, BootstrapErrorsMixin, forms.Form):
    """One certificate: a new one (kind, number, …, scan required) or an existing one being
    renewed (``certificate_id`` set; kind and number are shown, never changed). A scan that
    passed its checks is held when the page comes back with errors."""

    held_file_fields = ("scan",)

    certificate_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    kind = forms.ChoiceField(
        label=_("证书类型"), choices=[("", _("— 请选择 —")), *CertificateKind.choices], required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    number = _text(40, _("证书编号"), required=False, placeholder=_("L1234 或 12 位数字"), spellcheck="false")
    scope = forms.CharField(
        label=_("认可/资质认定范围"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
    valid_until = forms.DateField(
        label=_("有效期至"), required=False,
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
    )
    scan = forms.FileField(
        label=_("证书扫描件"), required=False,
        # Formatted lazily: a string formatted at import time would stay in the import's language.
        help_text=format_lazy(_("PDF、JPEG 或 PNG，不超过 {size} MB。"), size=MAX_SCAN_BYTES // (1024 * 1024)),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ACCEPTED_SCANS}),
    )

    def __init__(self, *args, existing: dict[int, Certificate] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing or {}
        self.certificate = None
        # Required as the clean() below says (a held certificate keeps its scan): shown so.
        held = bool(self.initial.get("certificate_id"))
        for name in ("valid_until",) if held else ("kind", "number", "valid_until", "scan"):
            self.fields[name].shown_required = True

    def clean(self):
        cleaned = super().clean()
        certificate_id = cleaned.get("certificate_id")
        if certificate_id:
            self.certificate = self.existing.get(certificate_id)
            if self.certificate is None:
                raise ValidationError(_("证书不属于本机构。"), code="foreign_certificate")
            if cleaned.get("DELETE"):
                return cleaned
            self._clean_validity(changed=cleaned.get("valid_until") != self.certificate.valid_until)
        else:
            if not cleaned.get("kind"):
                self.add_error("kind", _("请选择证书类型。"))
            elif "number" in cleaned:
                try:
                    cleaned["number"] = services.check_certificate_number(cleaned["kind"], cleaned["number"])
                except ValidationError as error:
                    self.add_error("number", error)
            self._clean_validity(changed=True)
            if not cleaned.get("scan"):
                self.add_error("scan", _("请上传证书扫描件。"))
        if cleaned.get("scan"):
            try:
                validate_scan(cleaned["scan"])
            except ValidationError as error:
                self.add_error("scan", error)
        return cleaned

    def _clean_validity(self, *, changed: bool) -> None:
        valid_until = self.cleaned_data.get("valid_until")
        if "valid_until" in self.errors:
            return
        if changed:
            try:
                services.check_valid_until(valid_until, today=timezone.localdate())
            except ValidationError as error:
                self.add_error("valid_until", error)


class BaseCertificateFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": _("资质证书最多登记 %(num)d 项。")}

    def __init__(self, *args, existing: dict[int, Certificate] | None = None, **kwargs):
        self.existing = existing or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "existing": self.existing}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        _style_delete(form)

    def hold_files(self) -> None:
        """The page comes back with errors: each row's checked scan is held for the next try."""
        for form in self.forms:
            form.hold_files()

    def release_held(self) -> None:
        """The certificates are saved: the held scans they used are gone."""
        held_uploads_release(held=[held for form in self.forms for held in form.held.values()])

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or data.get("certificate_id"):
                continue
            key = (data.get("kind"), data.get("number"))
            if key in seen:
                raise ValidationError(_("证书编号 %(number)s 重复填写。"), params={"number": key[1]})
            seen.add(key)

    @property
    def new_certificates(self) -> list[services.CertificateInput]:
        return [
            services.CertificateInput(
                kind=data["kind"], number=data["number"], scope=data.get("scope", ""),
                valid_until=data["valid_until"], scan=data.get("scan"),
            )
            for data in self._filled()
            if not data.get("certificate_id") and not data.get("DELETE")
        ]

    @property
    def changes(self) -> list[services.CertificateChange]:
        return [
            services.CertificateChange(
                certificate_id=data["certificate_id"], scope=data.get("scope", ""),
                valid_until=data["valid_until"], scan=data.get("scan"),
            )
            for data in self._filled()
            if data.get("certificate_id") and not data.get("DELETE")
        ]

    @property
    def removals(self) -> list[int]:
        return [data["certificate_id"] for data in self._filled() if data.get("certificate_id") and data.get("DELETE")]

    def _filled(self):
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if data:
                yield data


CertificateFormSet = forms.formset_factory(
    CertificateForm, formset=BaseCertificateFormSet, extra=1, max_num=20, validate_max=True
)
EditCertificateFormSet = forms.formset_factory(
    CertificateForm, formset=BaseCertificateFormSet, extra=0, max_num=20, validate_max=True, can_delete=True
)


# --- services per product category --------------------------------------------------------------

class CategorySelect(forms.Select):
    """Renders only the chosen category: the options come from searching (htmx), since the
    catalogue has hundreds of categories."""

    def __init__(self):
        super().__init__(attrs={"class": "form-select", "data-category-select": ""})

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v and str(v).isdigit()]
        options = [self.create_option(name, "", _("— 请先搜索产品类别 —"), not chosen, 0)]
        for index, category in enumerate(ProductCategory.objects.filter(pk__in=chosen), start=1):
            options.append(self.create_option(name, str(category.pk), category_label(category), True, index))
        return [(None, options, 0)]


def category_label(category: ProductCategory) -> str:
    return f"{category.name_zh}（{category.code}）"


class ServiceRowForm(BootstrapErrorsMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("产品类别"), queryset=ProductCategory.objects.all(), widget=CategorySelect(),
        error_messages={"invalid_choice": _("请从搜索结果中选择产品类别。")},
    )
    services = forms.MultipleChoiceField(
        label=_("服务项目"), choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("请至少选择一项服务。")},
    )


def _style_delete(form) -> None:
    if "DELETE" in form.fields:
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


class BaseServiceFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("请至少填写一项服务：产品类别及服务项目。"),
        "too_many_forms": _("服务项目最多填写 %(num)d 个产品类别。"),
    }

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            category = data.get("category")
            if category is None or data.get("DELETE"):
                continue
            if category.pk in seen:
                raise ValidationError(
                    _("产品类别“%(category)s”填写了两次，请合并为一行。"), params={"category": category.name_zh}
                )
            seen.add(category.pk)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        _style_delete(form)

    def hold_files(self) -> None:
        """The page comes back with errors: each row's checked scan is held for the next try."""
        for form in self.forms:
            form.hold_files()

    def release_held(self) -> None:
        """The certificates are saved: the held scans they used are gone."""
        held_uploads_release(held=[held for form in self.forms for held in form.held.values()])

    @property
    def service_inputs(self) -> list[services.ServiceInput]:
        return [
            services.ServiceInput(category=data["category"], services=tuple(data["services"]))
            for form in self.forms
            if (data := getattr(form, "cleaned_data", None)) and data.get("category") and not data.get("DELETE")
        ]


ServiceFormSet = forms.formset_factory(
    ServiceRowForm, formset=BaseServiceFormSet, extra=0, min_num=1, validate_min=True, max_num=100, validate_max=True
)
EditServiceFormSet = forms.formset_factory(
    ServiceRowForm, formset=BaseServiceFormSet, extra=0, min_num=1, validate_min=True, max_num=100, validate_max=True,
    can_delete=True,
)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予认定的理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )
