"""Every route of the project, and one concrete address for each: for tests that walk them all."""

import re
import uuid

from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter
from django.urls.resolvers import RoutePattern

SAMPLE = {IntConverter: "1", StringConverter: "x", SlugConverter: "x", PathConverter: "x/y",
          UUIDConverter: str(uuid.UUID(int=1))}


def routes(patterns=None, prefix=""):
    """(address pattern, view) of every route of the project."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def concrete_addresses():
    """One address per route written with path() (the admin's, the portals', the public pages'),
    its parameters filled with sample values. The API (DRF's) and regex routes (the admin's
    catch-all and app indexes) are left out."""
    addresses = set()
    for route, _pattern in routes():
        if route.startswith("api/") or "^" in route or "(?P" in route:
            continue
        converters = RoutePattern(route).converters
        addresses.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, c=converters: SAMPLE[type(c[m[1]])], route))
    return sorted(addresses)
