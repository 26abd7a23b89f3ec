"""Which kinds exist. Each app registers its kinds in its ``AppConfig.ready`` by dotted path, so
the engine (in ``core``, below every app) never imports them, and a kind's module is imported only
when a job of that kind is created, run or offered."""

from __future__ import annotations

import threading

from django.utils.module_loading import import_string

from .kinds import ImportKind

_paths: dict[str, str | type[ImportKind]] = {}
_instances: dict[str, ImportKind] = {}
_lock = threading.Lock()


class UnknownKind(LookupError):
    pass


def register(name: str, kind: str | type[ImportKind]) -> None:
    """``register("results", "results.import_kinds.ResultImportKind")``; registering again replaces."""
    with _lock:
        _paths[name] = kind
        _instances.pop(name, None)


def unregister(name: str) -> None:
    with _lock:
        _paths.pop(name, None)
        _instances.pop(name, None)


def get_kind(name: str) -> ImportKind:
    with _lock:
        if name in _instances:
            return _instances[name]
        target = _paths.get(name)
        if target is None:
            raise UnknownKind(name)
        kind_class = import_string(target) if isinstance(target, str) else target
        _instances[name] = kind_class()
        return _instances[name]


def kind_names() -> list[str]:
    return sorted(_paths)


def kinds_for(user) -> list[ImportKind]:
    """The kinds this user may import, in registration order."""
    return [kind for kind in (get_kind(name) for name in list(_paths)) if kind.allowed(user)]


def kind_label(name: str) -> str:
    try:
        return str(get_kind(name).label)
    except (UnknownKind, ImportError):
        return name
