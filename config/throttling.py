"""The API's throttles and the rate-limit headers they answer with.

Every throttle here counts a client by ``accounts.addresses.client_address``, the rule the login
lockouts and the registration throttles use (``TRUSTED_PROXY_COUNT`` proxies, a forged
X-Forwarded-For never believed), so the API cannot be told a different address than the rest of
the site. Rates are read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` when a request comes,
not when this module is imported, so a changed setting (and ``override_settings``) takes effect.

Each answer says where its client stands, in the IETF draft's fields as most clients read them
today (draft-ietf-httpapi-ratelimit-headers-06: ``RateLimit-Limit``, ``RateLimit-Remaining``,
``RateLimit-Reset`` in seconds); a refused request also carries ``Retry-After``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from accounts.addresses import client_address

# Where a throttle leaves its verdict for RateLimitHeadersMiddleware (on Django's request, which
# the middleware sees; DRF's Request wraps it).
STANDING_ATTRIBUTE = "rate_limit_standing"


@dataclass(frozen=True)
class RateLimitStanding:
    limit: int
    remaining: int
    reset_seconds: int


class ReportingThrottle(SimpleRateThrottle):
    """A sliding-window throttle that records how much of its window the client has left."""

    def get_rate(self):
        # DRF freezes THROTTLE_RATES on the class at import; read the setting as it is now.
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()

    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        if self.rate is not None and getattr(self, "key", None) is not None:
            self._report(request)
        return allowed

    def _report(self, request) -> None:
        # The window frees a place when the oldest request it holds leaves it.
        reset = self.duration - (self.now - self.history[-1]) if self.history else self.duration
        standing = RateLimitStanding(
            limit=self.num_requests,
            remaining=max(0, self.num_requests - len(self.history)),
            reset_seconds=max(0, math.ceil(reset)),
        )
        django_request = getattr(request, "_request", request)
        current = getattr(django_request, STANDING_ATTRIBUTE, None)
        # Of several throttles on one view, the client is told about the one nearest its limit.
        if current is None or (standing.remaining, -standing.reset_seconds) < (
            current.remaining, -current.reset_seconds
        ):
            setattr(django_request, STANDING_ATTRIBUTE, standing)


class AnonymousThrottle(ReportingThrottle, AnonRateThrottle):
    """Anonymous clients, by address (scope "anon")."""


class SignedInThrottle(ReportingThrottle, UserRateThrottle):
    """Signed-in clients, by account (scope "user"); anonymous ones are the AnonymousThrottle's."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class DocumentationThrottle(ReportingThrottle):
    """The schema and its documentation page (scope "docs"), counted apart from the data
    endpoints: a client that spent its data allowance can still read how to use the API."""

    scope = "docs"

    def get_cache_key(self, request, view):
        signed_in = request.user and request.user.is_authenticated
        ident = f"user-{request.user.pk}" if signed_in else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class RateLimitHeadersMiddleware:
    """Puts the standing a throttle recorded on the answer (any answer of a throttled view, a
    cached one and a refusal included), and keeps a refusal's Retry-After whatever the
    exception handler did with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        standing = getattr(request, STANDING_ATTRIBUTE, None)
        if standing is not None:
            response["RateLimit-Limit"] = str(standing.limit)
            response["RateLimit-Remaining"] = str(standing.remaining)
            response["RateLimit-Reset"] = str(standing.reset_seconds)
            if response.status_code == 429 and not response.has_header("Retry-After"):
                response["Retry-After"] = str(max(1, standing.reset_seconds))
        return response
