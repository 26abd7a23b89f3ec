"""Caching of what only changes on publication: public API responses and public pages.

The public data falls in areas (results, plans, standards, institutions, places, statistics),
each with its own "generation" in the cache. A cached answer's key carries the generations of
the areas it shows; whatever publishes or withdraws bumps the generations of the areas it
changes, once it commits, so those answers go stale at once without scanning keys, and the
others stay: a statistics fold renews the home page, not the standards library. The cache is
shared by every web process and worker (Redis in production, a file cache under var/ without).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation


class Area(StrEnum):
    RESULTS = "results"  # published results, with their enterprises' names
    PLANS = "plans"
    STANDARDS = "standards"  # the library, its translations and comparisons
    INSTITUTIONS = "institutions"
    PLACES = "places"  # regions' participation and pilot status, activities, the reference lists
    STATISTICS = "statistics"


ALL_AREAS = frozenset(Area)
# What a change to a row of each app shows in. Reference data (regions, categories, industries)
# is named on every page; standards are named on plan pages; enterprises on their results.
AREAS_OF_APP = {
    "results": frozenset({Area.RESULTS}),
    "plans": frozenset({Area.PLANS}),
    "standards": frozenset({Area.STANDARDS, Area.PLANS}),
    "thirdparty": frozenset({Area.INSTITUTIONS}),
    "companies": frozenset({Area.RESULTS}),
}
GENERATION_KEY = "public:generation:{}"
TIMEOUT = 15 * 60
# JSON alone: the browsable API's HTML carries the visitor's CSRF token and login links, and an
# answer rendered for one Accept must never be served to a client that negotiated another.
CACHEABLE_FORMATS = {"json"}


def areas_of(model) -> frozenset[Area]:
    """The areas a change to this model (or row) shows in; every area when unsure."""
    return AREAS_OF_APP.get(model._meta.app_label, ALL_AREAS)


def _fresh() -> int:
    """A generation's new value: the clock in microseconds, not 1, so that a generation the cache
    evicted never comes back with a value that old answers were cached under."""
    return time.time_ns() // 1000


def _generations(areas: Iterable[Area]) -> list[int]:
    keys = [GENERATION_KEY.format(area) for area in sorted(areas)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _fresh(), timeout=None)
        found.update(cache.get_many(missing))
    return [int(found.get(key, 0)) for key in keys]


def generation(*areas: Area) -> int:
    """A number that grows whenever one of ``areas`` (every area if none) changes."""
    return sum(_generations(areas or ALL_AREAS))


def publication_changed(*areas: Area) -> None:
    """Call inside the transaction that publishes or withdraws: the answers that show ``areas``
    (every area if none is named) are stale once it commits."""
    changed = frozenset(areas) or ALL_AREAS

    def bump() -> None:
        for area in changed:
            key = GENERATION_KEY.format(area)
            try:
                cache.incr(key)
            except ValueError:  # not set yet (or evicted): a new value invalidates
                cache.set(key, _fresh(), timeout=None)

    transaction.on_commit(bump)


def cached_until_changed(name: str, build: Callable[[], Any], *areas: Area, timeout: int = 60 * 60) -> Any:
    """``build()``'s value, kept in the cache until one of ``areas`` (every area if none) changes:
    the reference lists and filter options every public page offers, which cost a query or a
    scan to read and change only with a publication."""
    key = f"derived:{generation(*areas)}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
    return value


def renew_now(*areas: Area) -> None:
    """The answers that show ``areas`` (every area if none) stale at once, not on a commit: for a
    command run outside a publication, and for tests, whose transactions never commit."""
    for area in areas or ALL_AREAS:
        cache.set(GENERATION_KEY.format(area), _fresh(), timeout=None)


def _key(request, areas: Iterable[Area], *variant: str) -> str:
    """The generations of the areas shown, and everything else an answer depends on: the
    language, the scheme and host (absolute links, pagination), the full path and what the caller
    adds (the negotiated media type). Hashed: a long cursor URL would make a key no cache backend
    likes."""
    parts = "\n".join((request.build_absolute_uri(), *variant))
    digest = hashlib.sha256(parts.encode()).hexdigest()
    generations = ".".join(map(str, _generations(areas)))
    return f"public:{generations}:{translation.get_language()}:{digest}"


class PublicCacheMixin:
    """For read-only viewsets: anonymous JSON GETs are answered from the cache when possible.
    A view's ``public_areas`` names what its answers show (every area unless it says so; not
    defaulted here, where it would shadow the view's own in ``exportable``'s class order)."""

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
            self._cache_key = _key(request, getattr(self, "public_areas", ALL_AREAS), request.accepted_renderer.format,
                                   request.accepted_media_type)
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


def cached_public_page(view=None, *, areas: Iterable[Area] = ALL_AREAS):
    """For public page views: an anonymous GET that answered 200 is served from the cache until
    the next change to one of the ``areas`` it shows. Signed-in users see the page fresh (their
    header differs and is private). ``@cached_public_page`` or ``@cached_public_page(areas=…)``."""
    if view is None:
        return functools.partial(cached_public_page, areas=areas)
    areas = frozenset(areas)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # A page carrying a one-off message (after sign-out, say) is the visitor's own.
        if request.method != "GET" or request.user.is_authenticated or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = "page:" + _key(request, areas)
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
