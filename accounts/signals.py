"""What a successful login does besides signing in.

It clears the failed attempts on that account, and only those: django-axes' own reset on success
(AXES_RESET_ON_SUCCESS) would also clear every failure of the client's address, and someone
spraying passwords over many accounts could then wipe their count by logging in to an account of
their own between rounds. And an office's session starts its idle clock (accounts.middleware).
"""

from axes.utils import reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import is_office_staff, start_idle_clock


def clear_failed_logins(username: str) -> None:
    reset(username=username)


@receiver(user_logged_in, dispatch_uid="accounts.clear_failed_logins")
def clear_failed_logins_on_login(sender, request, user, **kwargs):
    clear_failed_logins(user.get_username())


@receiver(user_logged_in, dispatch_uid="accounts.start_idle_clock")
def start_idle_clock_on_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and is_office_staff(user):
        start_idle_clock(session)
