"""The seed's bulk writer: rows handed to its writing thread are all written, in order, with the
ids it reserves meanwhile; a failed batch is raised in the caller's thread, never lost."""

import datetime as dt

import psycopg
import pytest
from django.db import IntegrityError, transaction

from benchmarking.models import Activity
from demo.builders.writer import BulkWriter

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "kind", "title_zh", "held_on")


def rows(writer: BulkWriter, n: int, title: str = "培训") -> list[tuple]:
    return [(pk, "training", f"{title} {pk}", dt.date(2023, 5, 1)) for pk in writer.ids(Activity, n)]


def test_rows_handed_to_the_writing_thread_are_all_written_with_the_ids_reserved_meanwhile():
    writer = BulkWriter()
    writer.BLOCK = 7  # a reservation (a query) between the batches: it waits for the thread
    handed = []
    with writer.overlapped():
        for _ in range(6):
            batch = rows(writer, 5)
            handed += batch
            assert writer.write_rows(Activity, COLUMNS, batch) == 5
    written = list(Activity.objects.filter(pk__in=[row[0] for row in handed]).order_by("pk")
                   .values_list("pk", "title_zh"))
    assert written == [(row[0], row[2]) for row in handed]
    assert writer.counts["benchmarking.Activity"] == 30


def test_a_batch_the_database_refuses_is_raised_in_the_callers_thread():
    writer = BulkWriter()
    good = rows(writer, 3)
    # COPY raises the driver's own error; SQLite's inserts go through Django's.
    with pytest.raises((IntegrityError, psycopg.IntegrityError)), transaction.atomic(), writer.overlapped():
        writer.write_rows(Activity, COLUMNS, good)
        writer.write_rows(Activity, COLUMNS, good)  # the same primary keys again
    assert writer._pending is None  # the thread is gone; the next writes are the caller's own
    with transaction.atomic():
        assert writer.write_rows(Activity, COLUMNS, rows(writer, 2)) == 2
