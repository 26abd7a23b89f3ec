"""Public reads from a read replica, when ``DATABASE_REPLICA_URL`` names one.

Anonymous GET and HEAD requests to the public pages and the open API read from the ``replica``
database (a PostgreSQL streaming replica: a second machine answers the visitors while the
primary takes the writes). Everything else reads from the primary: the admin and the portals,
any signed-in user (who must see what they have just written), and a request from its first
write on (read your own writes). Writes always go to the primary; migrations run there only.

``PublicReadsMiddleware`` decides per request, after authentication (the session and the user
are read from the primary); ``ReplicaRouter`` routes each query by that decision.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "READ_REPLICA_ENABLED", False)) and REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reads_from_replica.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _reads_from_replica.set(False)  # from now on this request reads what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def is_public_read(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    path = request.path_info
    return path == "/" or path.startswith(tuple(settings.READ_REPLICA_PATHS))


class PublicReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (replica_enabled() and is_public_read(request)):
            return self.get_response(request)
        token = _reads_from_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
