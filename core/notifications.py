"""E-mail notifications: rendered after the transaction commits, sent by a worker."""

import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .queue import enqueue


def send_email_later(
    *, recipients: Iterable[str], template: str, context: dict, key: str, language: str = "zh-hans"
) -> None:
    """Render ``notifications/<template>_subject.txt`` and ``_body.txt`` and queue the e-mail.

    Call it from ``transaction.on_commit`` (Workflow.apply does): nothing is sent for a decision
    that rolled back. ``key`` makes the send idempotent when a task is redelivered.
    """
    to = sorted({address for address in recipients if address})
    if not to:
        return
    with translation.override(language):
        subject = " ".join(render_to_string(f"notifications/{template}_subject.txt", context).split())
        body = render_to_string(f"notifications/{template}_body.txt", context)
    # The key travels with the message, so a redelivered task finds it; the random part keeps
    # two sends that happen to share a key (ids reused after a rollback) from silencing each other.
    enqueue("core.tasks.send_email", subject=subject, body=body, recipients=to, key=f"{key}:{uuid.uuid4().hex}")


def absolute_url(path: str) -> str:
    """``path`` on the site as users reach it (``SITE_URL``): e-mails are rendered by a worker,
    with no request to take the host from."""
    return settings.SITE_URL.rstrip("/") + path


def admin_change_link(obj: Model) -> str:
    """Where a reviewer opens ``obj``: its page in the admin."""
    return absolute_url(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))


def email_on_transition(
    template: str, recipients: Callable[[Model], Iterable[str]], *, context_name: str,
    link: Callable[[Model], str],
):
    """A Transition.notify that mails ``recipients(obj)`` about the object's latest event.

    The template gets the object under ``context_name``, the event (with its reason) and ``link``,
    the absolute address at which the recipients open the object.
    """

    def notify(obj: Model, actor) -> None:
        event = obj.events.order_by("-created_at", "-id").first()
        send_email_later(
            recipients=recipients(obj), template=template,
            context={context_name: obj, "event": event, "link": link(obj)},
            key=f"{obj._meta.label_lower}-{obj.pk}-event-{event.pk if event else 0}",
        )

    return notify
