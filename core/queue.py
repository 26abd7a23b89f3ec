"""Work for the workers, queued by task name once the current transaction commits.

Services queue tasks by their registered name instead of importing them: a task module imports
the services it calls (a task takes ids and calls a service), so a service that imported its task
would close an import cycle. The name given in ``@shared_task(name=...)`` is the task's contract.
Queued on commit, a task never runs for a write that rolled back, nor before the worker can see it.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction


def enqueue(name: str, /, **kwargs) -> None:
    """Queue the task now (``task_always_eager`` runs it at once, as for ``.delay``)."""
    tasks = current_app.tasks
    if name not in tasks:
        # The apps' ``tasks`` modules are imported on demand (Celery's autodiscovery), which a
        # worker does at start and a web process the first time it queues something.
        current_app.loader.import_default_modules()
    tasks[name].delay(**kwargs)


def enqueue_on_commit(name: str, /, **kwargs) -> None:
    transaction.on_commit(lambda: enqueue(name, **kwargs))
