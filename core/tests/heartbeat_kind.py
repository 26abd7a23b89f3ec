"""A small import kind for the engine's tests, written with the generic ``UpsertWriter`` (as the
real kinds are): rows of (token, source) upserted into ``core.Heartbeat`` on the token. The
``heartbeat_kind`` fixture (core/tests/conftest.py) registers it."""

from pathlib import Path

from django.utils import timezone

from core.models import Heartbeat, ImportJob

from ..imports import services
from ..imports.kinds import Column, ImportKind
from ..imports.staging import UpsertWriter


class HeartbeatKind(ImportKind):
    """Rows of (token, source) into benchmarking.Heartbeat, upserted on the token."""

    name = "test-heartbeats"
    label = "测试心跳"
    natural_key_label = "令牌"
    on_validate = None  # a hook for the tests: called with each batch

    def allowed(self, user) -> bool:
        return True

    def prepare(self, *, user, options):
        return {"now": timezone.now()}

    def columns(self, context):
        return [Column("token", "令牌", aliases=("token",), required=True),
                Column("source", "来源", aliases=("source",), default="")]

    def validate(self, context, rows):
        if HeartbeatKind.on_validate:
            HeartbeatKind.on_validate(rows)
        for row in rows:
            if row.values.get("source") == "坏":
                row.error("来源不能是“坏”。")
            if row.ok:
                row.record = (row.values["source"], row.values["token"], context["now"])

    def natural_key(self, context, row):
        return row.record[1]

    def writer(self, context):
        return UpsertWriter(model=Heartbeat, fields=["source", "token", "created_at"], key=["token"], update=["source"])


def csv_of(tmp_path, rows, name="tokens.csv") -> Path:
    path = tmp_path / name
    path.write_text("令牌,来源\n" + "".join(f"{token},{source}\n" for token, source in rows), encoding="utf-8")
    return path


def create(actor, path, **kwargs) -> ImportJob:
    """A job of this kind for ``path``, not queued: the test runs it."""
    return services.import_job_create(kind=HeartbeatKind.name, actor=actor, path=path, enqueue=False, **kwargs)


def claim_taken_over(job: ImportJob):
    """A validation hook: another worker claims ``job`` while this run validates its rows."""

    def take_over(rows):
        ImportJob.objects.filter(pk=job.pk).update(claim_token="newer", heartbeat_at=timezone.now())

    return take_over
