"""``manage.py flush``, Django's, that may empty the event tables too.

Flushing empties every table in one ``TRUNCATE``; the event tables refuse it
(``core.append_only``) except in a connection that purges them, as a demo wipe does. This
command asks for that for its own run only — every table goes, so the history does too. The
test runner empties the database this way after each transactional test.
"""

from __future__ import annotations

from django.core.management.commands import flush
from django.db import connections

from core.append_only import PURGE_SETTING


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(**options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [PURGE_SETTING])
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [PURGE_SETTING])
