"""Caching of what only changes on publication: public API responses and public pages.

Every cached key carries the current "publication generation"; anything that publishes or
withdraws bumps the generation on commit, so all cached public answers go stale at once without
scanning keys. Redis holds it in production (shared by every web process), local memory without.
"""

from __future__ import annotations

import functools
import hashlib

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

GENERATION_KEY = "public:generation"
TIMEOUT = 15 * 60
# JSON alone: the browsable API's HTML carries the visitor's CSRF token and login links, and an
# answer rendered for one Accept must never be served to a client that negotiated another.
CACHEABLE_FORMATS = {"json"}


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def publication_changed() -> None:
    """Call inside the transaction that publishes or withdraws: stale once it commits."""

    def bump() -> None:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet (or evicted): any new value invalidates
            cache.set(GENERATION_KEY, generation() + 1, timeout=None)

    transaction.on_commit(bump)


def _key(request, *variant: str) -> str:
    """Everything an answer depends on besides the published data: the language, the scheme and
    host (absolute links, pagination), the full path and what the caller adds (the negotiated
    media type). Hashed: a long cursor URL would make a key no cache backend likes."""
    parts = "\n".join((request.build_absolute_uri(), *variant))
    digest = hashlib.sha256(parts.encode()).hexdigest()
    return f"public:{generation()}:{translation.get_language()}:{digest}"


class PublicCacheMixin:
    """For read-only viewsets: anonymous JSON GETs are answered from the cache when possible."""

    def _cacheable(self, request) -> bool:
        return (
            request.method == "GET"
            and not request.user.is_authenticated
            and getattr(request.accepted_renderer, "format", None) in CACHEABLE_FORMATS
            and request.query_params.get("format") in (None, "json")
        )

    def dispatch(self, request, *args, **kwargs):
        self._cache_key, self._cached_response = None, None
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and throttling still apply
        if self._cacheable(request):
            self._cache_key = _key(request, request.accepted_renderer.format, request.accepted_media_type)
            cached = cache.get(self._cache_key)
            if cached is not None:
                content, content_type = cached
                self._cached_response = HttpResponse(content, content_type=content_type)
                self._cached_response["X-Cache"] = "hit"

    def handle_exception(self, exc):
        self._cache_key = None  # errors are never cached
        return super().handle_exception(exc)

    def list(self, request, *args, **kwargs):
        return self._cached_response or super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self._cached_response or super().retrieve(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._cache_key and self._cached_response is None and response.status_code == 200:
            response.render()
            cache.set(self._cache_key, (response.content, response["Content-Type"]), timeout=TIMEOUT)
            response["X-Cache"] = "miss"
        return response


def cached_public_page(view):
    """For public page views: an anonymous GET that answered 200 is served from the cache until the
    next publication. Signed-in users see the page fresh (their header differs and is private)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # A page carrying a one-off message (after sign-out, say) is the visitor's own.
        if request.method != "GET" or request.user.is_authenticated or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = "page:" + _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        # A page that rendered the visitor's CSRF token is theirs: served to another, it would
        # fail that visitor's form and hand out the first one's secret.
        rendered_csrf_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        if (response.status_code == 200 and not response.streaming and not response.cookies
                and not rendered_csrf_token):
            cache.set(key, (response.content, response["Content-Type"]), timeout=TIMEOUT)
            response["X-Cache"] = "miss"
        return response

    return wrapper
