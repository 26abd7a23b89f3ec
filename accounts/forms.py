from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from .services import password_set


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}),
    )
    password = forms.CharField(
        label=_("密码"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )


class ServicePasswordMixin:
    """The new password is saved by ``accounts.services.password_set``, which records it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def save(self, commit=True):
        if commit:
            password_set(actor=self.user, user=self.user, new_password=self.cleaned_data["new_password1"])
        else:
            self.user.set_password(self.cleaned_data["new_password1"])
        return self.user


class PasswordSetForm(ServicePasswordMixin, SetPasswordForm):
    """Setting a new password from an e-mailed reset link."""


class PasswordChangeForm(ServicePasswordMixin, auth_forms.PasswordChangeForm):
    """A signed-in user changing their password: the old one first."""
