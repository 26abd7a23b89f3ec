"""What the portal views of every app share: who may enter (a rule predicate), htmx requests,
the search box, refusals shown as messages."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from .workflow import TransitionRefused


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


def paginate(request, queryset, per_page: int = 20):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def search_text(request, name: str = "q", limit: int = 100) -> str:
    return (request.GET.get(name) or "").strip()[:limit]


def show_refusal(request, error) -> None:
    """A refused transition or a validation error, as messages in the user's language."""
    if isinstance(error, TransitionRefused):
        messages.error(request, error.message)
    else:
        for message in error.messages:
            messages.error(request, message)
