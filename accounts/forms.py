from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .selectors import awaiting_confirmation
from .services import password_set

# The session remembers which account asked, so the resend button sends only to that account.
PENDING_CONFIRMATION_SESSION_KEY = "confirmation_pending_user"


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}),
    )
    password = forms.CharField(
        label=_("密码"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "awaiting_confirmation": _(
            "该账户尚未确认。请打开注册时发到联系邮箱的确认链接激活账户；没有收到邮件可以重新发送。"
        ),
    }

    awaiting_confirmation = False

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and self._pending_account() is not None:
                self.awaiting_confirmation = True
                raise ValidationError(
                    self.error_messages["awaiting_confirmation"], code="awaiting_confirmation"
                ) from None
            raise

    def _pending_account(self):
        """The unconfirmed account these credentials are for: said only to who knows its password,
        so the answer tells nobody else whether a username is registered."""
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not username or not password:
            return None
        model = get_user_model()
        try:
            user = model._default_manager.get_by_natural_key(username)  # as the login looks it up
        except model.DoesNotExist:
            return None
        if not awaiting_confirmation(user) or not user.check_password(password):
            return None
        if self.request is not None and hasattr(self.request, "session"):
            self.request.session[PENDING_CONFIRMATION_SESSION_KEY] = user.pk
        return user


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
