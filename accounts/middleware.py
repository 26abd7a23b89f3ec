"""Office staff are signed out after a while without a request."""

from __future__ import annotations

import time

from django.conf import settings

from .rules import is_campaign_office, is_city_office

# When the idle clock was last pushed forward, in the session. Pushing it on every request would
# write the session on every request (the import progress page polls each second); once a
# minute keeps the sign-out within a minute of STAFF_SESSION_IDLE_SECONDS.
RENEWED_KEY = "_staff_idle_renewed"
RENEW_EVERY_SECONDS = 60


def is_office_staff(user) -> bool:
    return bool(user.is_staff or is_campaign_office(user) or is_city_office(user))


def start_idle_clock(session) -> None:
    session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
    session[RENEWED_KEY] = int(time.time())


class StaffSessionIdleMiddleware:
    """Staff sessions end STAFF_SESSION_IDLE_SECONDS after their last request.

    The clock starts at login (accounts.signals) and is pushed forward after each request; the
    session store forgets a session whose expiry passed, so the next request is anonymous and
    sent to log in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.session_key:
            return response  # no session, nobody signed in: leave the user unevaluated
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_office_staff(user):
            now = int(time.time())
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            renewed = session.get(RENEWED_KEY, 0)
            every = min(RENEW_EVERY_SECONDS, idle // 10)
            if session.get_expiry_age() != idle or not renewed <= now < renewed + every:
                start_idle_clock(session)
        return response
