"""The kind interface: what one importable noun tells the engine. See the package docstring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import cells


@dataclass(frozen=True)
class Column:
    """One column of a kind's file.

    ``header`` is the Chinese header the template writes; a file's header cell matches it, any
    of ``aliases`` (English, older templates, short forms) or ``key`` — after folding full-width
    characters, case, spaces, a trailing ``*`` and a trailing ``(unit)``. ``parse`` turns a
    non-empty cell into the value (``cells`` has the parsers) or raises ``CellError``.
    A ``required`` column must be in the file and filled in every row; an empty cell of an
    optional column reads as ``default``.
    """

    key: str
    header: str | Promise
    parse: cells.Parser = field(default=cells.text(max_length=200))
    aliases: tuple[str, ...] = ()
    required: bool = False
    default: Any = None
    help: str | Promise = ""
    example: str = ""
    choices: tuple[str, ...] = ()  # a drop-down list in the template
    width: int = 18  # in the template, in characters
    number_format: str = ""  # in the template: "@" keeps codes as text, "yyyy-mm-dd" for dates

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else str(self.header)


@dataclass
class Row:
    """One data row of the file as the engine hands it to the kind."""

    line: int  # the row number Excel shows (the record number in a csv)
    cells: list  # the cells as read, for the error report
    values: dict[str, Any] = field(default_factory=dict)  # parsed, by Column.key
    errors: list[str] = field(default_factory=list)
    record: Any = None  # what the kind's writer stages; set by ``validate`` on a good row
    unchanged: bool = False  # good, and already stored exactly so: nothing to stage

    def error(self, message: str, column: Column | None = None) -> None:
        self.errors.append(f"{column.header}：{message}" if column is not None else str(message))

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.created + self.updated + self.unchanged

    def add(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(self.created + other.created, self.updated + other.updated,
                           self.unchanged + other.unchanged)


@dataclass(frozen=True)
class TemplateSpec:
    """A downloadable template: the data sheet's title, the instructions sheet's lines, and the
    facts the import checks against (kept in a hidden ``_meta`` sheet)."""

    title: str
    filename: str
    instructions: Sequence[str] = ()
    meta: Mapping[str, str] = field(default_factory=dict)


class BatchWriter:
    """Writes a job's good rows. ``stage`` is called per batch while the file is read, outside
    any transaction: it must not touch the real tables (a temporary staging table is the place).
    ``commit`` runs once, inside the job's final transaction, and upserts on the natural key, so
    a second run of the same file changes nothing; it reports rows written through ``progress``
    (the number written since the last call). ``close`` always runs, last."""

    # A writer that can ``flush`` is given its transaction early (PostgreSQL, in a worker): the
    # engine opens it before the first batch and flushes every IMPORT_WRITE_CHUNK rows, so the
    # upserts run while the next rows are read; ``commit`` then writes the rest. All or nothing
    # still: the transaction commits with the job's end, or rolls back.
    streams = False

    def stage(self, records: list) -> None:
        raise NotImplementedError

    def flush(self, *, progress: Callable[[int], None]) -> None:
        """Upsert what was staged since the last flush, in the open transaction (``streams``)."""

    def start(self, *, streaming: bool) -> None:
        """Called before the first ``stage``: whether ``flush`` will be called (the transaction open)."""

    def commit(self, *, progress: Callable[[int], None]) -> WriteCounts:
        raise NotImplementedError

    def close(self) -> None:
        pass


class ImportKind:
    """One importable noun. Subclass, set ``name``/``label``, implement the methods marked
    *required*, and register it (``registry.register``) from your app's ``AppConfig.ready``."""

    name: ClassVar[str]
    label: ClassVar[str | Promise]
    # Who may import this kind: a rule predicate called as ``allowed_rule(user)``; None: nobody.
    allowed_rule: ClassVar[Callable[[Any], bool] | None] = None
    # What makes two rows the same record, in words, for the duplicate-row message.
    natural_key_label: ClassVar[str | Promise] = ""
    batch_size: ClassVar[int] = 2000
    # See ``validate``: whether rows with unreadable cells are validated too (their other errors reported).
    validates_rows_with_cell_errors: ClassVar[bool] = False
    # Where an uploader without the admin follows a job: a URL name taking the job's pk. Staff
    # follow every job on its admin page.
    portal_job_url_name: ClassVar[str] = ""

    # --- who and with what ----------------------------------------------------------------------

    def allowed(self, user) -> bool:
        """May this user import this kind at all? ``allowed_rule`` decides."""
        return bool(user is not None and self.allowed_rule is not None and self.allowed_rule(user))

    def option_fields(self, *, user) -> dict:
        """Extra form fields of the upload page (``{name: forms.Field}``): a results import's plan."""
        return {}

    def admin_option_fields(self, *, user, admin_site) -> dict:
        """The same fields for the admin's upload page, where admin widgets (autocomplete) work."""
        return self.option_fields(user=user)

    def clean_options(self, *, user, options: Mapping[str, Any]) -> dict:
        """The options as JSON-safe values; raise ``ValidationError`` (keyed by option name) for
        bad ones. Called when the job is created and again when it runs."""
        return {}

    def describe_options(self, options: Mapping[str, Any]) -> str:
        """One line for the job page: "方案 TP-00001 第 1 版"."""
        return ""

    def prepare(self, *, user, options: Mapping[str, Any]) -> Any:
        """The per-job context every other method receives (look-ups, caches). Default: None."""
        return None

    # --- the file ----------------------------------------------------------------------------------

    def columns(self, context) -> Sequence[Column]:
        """*Required*: the columns, in template order."""
        raise NotImplementedError

    def check_meta(self, context, meta: Mapping[str, str]) -> None:
        """The template's hidden facts (``TemplateSpec.meta``), when the file carries them; raise
        ``ImportRefused`` if the file was made for something else (another plan version). The
        engine has already refused a template of another kind."""

    def validate(self, context, rows: list[Row]) -> None:
        """*Required*: check a batch of rows with the same rules as the forms, adding every error
        with ``row.error`` (not only the first) and setting ``row.record`` on rows that end up
        without errors (or ``row.unchanged``). Batch look-ups, not one query per row.

        By default only rows whose every cell parsed come here (``row.values`` complete). A kind
        that sets ``validates_rows_with_cell_errors = True`` gets the others too, with their cell
        errors already listed and those cells absent from ``row.values`` (use ``.get``), so that
        a row's other mistakes are reported in the same pass."""
        raise NotImplementedError

    def natural_key(self, context, row: Row) -> Hashable:
        """*Required*: a good row's natural key; two rows with the same key in one file are an error."""
        raise NotImplementedError

    def writer(self, context) -> BatchWriter:
        """*Required*: the job's writer (``staging.UpsertWriter`` for one table)."""
        raise NotImplementedError

    def instructions(self, context) -> list[str]:
        """Lines of the template's instructions sheet, besides the columns' own help."""
        return []

    def template(self, context) -> TemplateSpec:
        """The downloadable template's title, instructions and meta."""
        return TemplateSpec(
            title=_("%(label)s导入模板") % {"label": self.label},
            filename=f"{self.name}.xlsx",
            instructions=[str(line) for line in self.instructions(context)],
        )

    def after_commit(self, context, counts: WriteCounts) -> None:
        """Runs once the job's transaction committed (e.g. queue a statistics refresh)."""

    def summary(self, context, counts: WriteCounts) -> str:
        return _("新增 %(created)d 条，更新 %(updated)d 条，无变化 %(unchanged)d 条。") % {
            "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}


# --- what several kinds share ----------------------------------------------------------------------

EARLIEST_DATE = dt.date(2000, 1, 1)
# Rows of kinds whose records span rows: big enough that a real file is one batch (the engine
# validates batch by batch); see `Groups`.
GROUP_BATCH = 50_000


def check_day(row: Row, column: Column, day: dt.date | None, *, today: dt.date | None = None,
              future: bool = False) -> None:
    """Dates of the campaign's records: not before 2000, and not in the future unless allowed."""
    if day is None:
        return
    today = today or timezone.localdate()
    if day < EARLIEST_DATE:
        row.error(_("日期 %(date)s 早于 %(earliest)s。") % {
            "date": day.isoformat(), "earliest": EARLIEST_DATE.isoformat()}, column)
    elif not future and day > today:
        row.error(_("日期 %(date)s 晚于今天。") % {"date": day.isoformat()}, column)


class Groups:
    """Which batch first held each group (a plan's code, an institution's USCC…). The engine
    validates a file in batches of the kind's ``batch_size`` rows; a record whose rows fall into
    two batches cannot be checked as a whole, so the later rows are refused with a reason."""

    def __init__(self):
        self.batch = 0
        self.first: dict[Any, tuple[int, int]] = {}  # group → (batch, first line)

    def next_batch(self) -> None:
        self.batch += 1

    def seen_before(self, key: Any, line: int) -> int | None:
        """The first line of ``key`` when it was in an earlier batch, else None (and remember it)."""
        batch, first_line = self.first.setdefault(key, (self.batch, line))
        return first_line if batch != self.batch else None
