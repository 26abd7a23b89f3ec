"""The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE): when to try again, and
how to get back in at once by resetting the password."""

from __future__ import annotations

import datetime as dt
import math

from axes.helpers import (
    get_client_parameters,
    get_client_user_agent,
    get_client_username,
    get_cool_off,
    get_failure_limit,
)
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def lock_lifted_at(request, credentials=None) -> dt.datetime:
    """When the lock on this request ends, for each lockout parameter (the account, the address)
    that holds it, the latest of them.

    A lock holds while the failures of the last cool-off period reach the limit. Failures are kept
    per row with the time of the row's last failure, and refused attempts during a lock are not
    counted, so the lock of one parameter ends when, newest rows first, the row that brings the
    sum to the limit leaves the period.
    """
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    cool_off = get_cool_off(request)
    limit = get_failure_limit(request, credentials)
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    ends = []
    for filters in get_client_parameters(username, address, get_client_user_agent(request), request, credentials):
        rows = (
            AccessAttempt.objects.filter(**filters, attempt_time__gte=now - cool_off)
            .order_by("-attempt_time").values_list("attempt_time", "failures_since_start")
        )
        total = 0
        for attempt_time, failures in rows:
            total += failures
            if total >= limit:
                ends.append(attempt_time + cool_off)
                break
    return max(ends, default=now + cool_off)


def lockout_response(request, original_response=None, credentials=None):
    now = timezone.now()
    retry_at = max(lock_lifted_at(request, credentials), now)
    minutes = max(1, math.ceil((retry_at - now).total_seconds() / 60))
    response = render(request, "accounts/locked_out.html", {
        "retry_at": retry_at, "minutes": minutes, "failure_limit": get_failure_limit(request, credentials),
    }, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(math.ceil((retry_at - now).total_seconds()))
    return response
