"""What the portal views of every app share: who may enter (a rule predicate), htmx requests,
keyset pages of a list, the search box, refusals shown as messages."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .public_listing import KeysetList, keyset_list
from .workflow import TransitionRefused, refusal_message


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def predicate_required(predicate):
    """A view decorator: signed in, and ``predicate(user)`` holds (else 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def keyset_page(request, queryset, *, order: tuple[str, ...], per_page: int = 20) -> KeysetList:
    """The page of ``queryset`` in the order ``order`` (ending with the primary key) that
    ``?cursor=`` points at, with links to the next, previous and first pages that keep the other
    parameters (a status tab, a search). As on the public pages: no OFFSET and no COUNT, so a
    page costs the same however far down the list, and a forged cursor is a 404."""
    return keyset_list(request, queryset, order, per_page)


def search_text(request, name: str = "q", limit: int = 100) -> str:
    return (request.GET.get(name) or "").strip()[:limit]


def show_refusal(request, error) -> None:
    """A refused transition or a validation error, as messages in the user's language."""
    if isinstance(error, TransitionRefused):
        messages.error(request, refusal_message(error))
    else:
        for message in error.messages:
            messages.error(request, message)
