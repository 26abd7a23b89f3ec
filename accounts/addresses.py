"""The client's network address, as the login lockouts and the registration throttles count it.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appends the address it received from to
X-Forwarded-For, so the client is the entry that many places from the right: whatever the
client wrote to the left of it is its own invention. With no proxy the header is ignored. The
API throttles read the same count (``REST_FRAMEWORK["NUM_PROXIES"]``) and pick the same entry.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address: a misconfigured proxy count let the client's text through
        return remote
