"""``manage.py flush``, Django's, that may empty the event tables too.

Flushing empties every table in one ``TRUNCATE``; the event tables refuse it
(``core.append_only``) except while they are purged, as a demo wipe does. This command purges
for its own run only — every table goes, so the history does too. The test runner empties the
database this way after each transactional test.
"""

from __future__ import annotations

from django.core.management.commands import flush

from core.append_only import purging_events


class Command(flush.Command):
    def handle(self, **options):
        with purging_events(using=options["database"], session=True):
            return super().handle(**options)
