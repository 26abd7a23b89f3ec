"""How often one client may ask the pages that tell whether something is registered.

The live USCC check says whether an enterprise is registered, and the registration forms say
whether a username is taken: both answers are useful to the person registering and must stay,
but asked in bulk they list the registered parties and accounts. Each scope of
``settings.REGISTRATION_THROTTLE_RATES`` gives a budget per session and one per client address
(``accounts.addresses``), counted in the cache in fixed windows; past either budget the page
answers 429 with a Chinese message and Retry-After.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.forms.utils import ErrorDict
from django.utils.translation import ngettext

from .addresses import client_address

PERIODS = {"s": 1, "second": 1, "m": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")
STATUS = 429


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """"30/hour", "5/minute", "100/10m": requests per period."""
        match = RATE.match(text.lower())
        if match is None or match[3] not in PERIODS:
            raise ValueError(f"not a rate: {text!r} (e.g. 30/hour, 100/10m)")
        return cls(limit=int(match[1]), seconds=int(match[2] or 1) * PERIODS[match[3]])


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # seconds

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        return ngettext(
            "操作过于频繁，为防止批量查询注册信息，请在 %(minutes)d 分钟后再试。",
            "操作过于频繁，为防止批量查询注册信息，请在 %(minutes)d 分钟后再试。",
            minutes,
        ) % {"minutes": minutes}


def _spend(key: str, rate: Rate, now: float) -> int | None:
    """One request against the budget ``key``: None if it is within, else seconds to wait."""
    window = int(now // rate.seconds)
    counter = f"throttle:{key}:{window}"
    cache.add(counter, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr: this request opens the window
        cache.set(counter, 1, timeout=rate.seconds + 1)
        count = 1
    if count <= rate.limit:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def spend(request, scope: str) -> Refusal | None:
    """Count this request in ``scope``; a Refusal if the client has used up a budget."""
    rates = settings.REGISTRATION_THROTTLE_RATES[scope]
    clients = {"address": client_address(request)}
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        clients["session"] = session.session_key
    now = time.time()
    waits = [
        _spend(f"{scope}:{kind}:{hashlib.sha256(ident.encode()).hexdigest()[:32]}", Rate.parse(rates[kind]), now)
        for kind, ident in clients.items()
    ]
    waits = [wait for wait in waits if wait is not None]
    return Refusal(retry_after=max(waits)) if waits else None


def refuse_form(form, refusal: Refusal) -> None:
    """Show the refusal on ``form`` without validating it: validation would look the USCC and the
    username up, the very answers the throttle holds back. What was typed stays on the page."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form.add_error(None, refusal.message)


def with_retry_after(response, refusal: Refusal):
    response.status_code = STATUS
    response["Retry-After"] = str(refusal.retry_after)
    return response
