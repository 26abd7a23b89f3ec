"""Django's login and password pages, with what the campaign adds to them."""

from django.contrib.auth import views as auth_views

from .signals import clear_failed_logins


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the e-mailed link also lifts a lockout of the account: the
    locked-out page sends people here, and whoever reads the account's mailbox is its owner."""

    def form_valid(self, form):
        response = super().form_valid(form)
        clear_failed_logins(form.user.get_username())
        return response
