"""What the import kinds of the campaign's nouns share (the engine is ``benchmarking.imports``).

* `CampaignImportKind` — a kind only the campaign office imports, with its template's title and
  instruction lines, and a refusal of a template made for another kind.
* Parsers for what several kinds read: choices given by value, Chinese or English label
  (`labelled_choice`), yes/no (`YES_NO`), region codes that must exist (`RegionFacts`), URLs,
  e-mail addresses and telephone numbers checked as the forms check them.
* `Groups` — for a kind whose record spans rows and must be checked whole (a plan): which batch
  of the engine first held each record. Kinds whose multi-row records are checked row by row
  against what earlier rows stated (an institution, a standard) keep that in their context.
* `MemoryWriter` — a writer for kinds whose files are small (regions, activities, institutions,
  standards, plans): ``stage`` keeps the records in memory and ``commit`` writes them through the
  ORM inside the job's final transaction. A killed run loses them with its process and runs again
  from the start, exactly like a staging table.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator, validate_email
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role
from benchmarking.imports import cells
from benchmarking.imports.errors import CellError, ImportRefused
from benchmarking.imports.kinds import BatchWriter, Column, ImportKind, Row, TemplateSpec, WriteCounts

from ..models import Region

EARLIEST_DATE = dt.date(2000, 1, 1)
# Rows of kinds whose records span rows: big enough that a real file is one batch (the engine
# validates batch by batch); see `Groups`.
GROUP_BATCH = 50_000

LOCK_NAMESPACE = 7_402_612  # advisory locks of the import kinds (results.stats uses 7_402_611)
_PHONE = RegexValidator(r"^\+?[0-9][0-9\- ()]{5,24}$")


def is_office(user) -> bool:
    return bool(
        user is not None and getattr(user, "is_authenticated", False)
        and (user.is_superuser or getattr(user, "role", "") == Role.OFFICE)
    )


def source_text(label) -> str:
    """A translatable label in the source language (Chinese), whatever language is active."""
    with translation.override(None):
        return str(label)


def english_text(label) -> str:
    with translation.override("en"):
        return str(label)


def labelled_choice(choices: type[models.TextChoices], *, extra: Mapping[str, str] | None = None
                    ) -> tuple[cells.Parser, tuple[str, ...]]:
    """(parser, Chinese labels for the drop-down) of a TextChoices: a cell may hold the value
    (``testing_lab``), the Chinese label (检验检测机构) or the English one."""
    options: dict[str, str] = {}
    for value, label in choices.choices:
        options[value] = value
        options[english_text(label)] = value
        options[source_text(label)] = value
    options.update(extra or {})
    labels = tuple(source_text(label) for _value, label in choices.choices)
    return cells.choice(options, labels=labels), labels


YES_NO_LABELS = ("是", "否")
YES_NO = cells.choice(
    {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False, "true": True, "false": False,
     "1": True, "0": False, "√": True, "×": False, "✓": True, "✗": False},
    labels=YES_NO_LABELS,
)


_URL_TEXT = cells.text(max_length=200)


def url(value: Any) -> str:
    text = _URL_TEXT(value)
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise CellError(_("网址应以 http:// 或 https:// 开头。")) from None
    return text


def email(value: Any) -> str:
    text = cells.plain_text(value)
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("联系邮箱格式不正确。")) from None
    if len(text) > 254:
        raise CellError(_("联系邮箱格式不正确。"))
    return text


def phone(value: Any) -> str:
    text = cells.plain_text(unicodedata.normalize("NFKC", cells.plain_text(value)))
    try:
        _PHONE(text)
    except ValidationError:
        raise CellError(_("请输入有效的电话号码，如 0755-12345678 或 13800138000。")) from None
    if len(text) > 30:
        raise CellError(_("请输入有效的电话号码，如 0755-12345678 或 13800138000。"))
    return text


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


def legacy_uscc_message(check) -> str:
    """A USCC whose check character fails GB 32100: taken only when the row confirms it, as the
    registration forms take it only when the applicant ticks the confirmation."""
    return _("校验位与 GB 32100 不符（按标准应为“%(expected)s”）。如确为存量代码，请在“存量代码确认”列填“是”。") % {
        "expected": check.expected_check_character}


# --- regions ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegionFacts:
    code: str
    name: str
    level: str
    city_id: str | None
    province_id: str | None

    @property
    def is_city(self) -> bool:
        return self.city_id == self.code

    @property
    def province_code(self) -> str:
        return self.province_id or self.code


class RegionCache:
    """Regions by code, looked up once per batch and kept for the job (~3,500 rows at most)."""

    def __init__(self):
        self.found: dict[str, RegionFacts | None] = {}

    def load(self, codes: Iterable[str | None]) -> None:
        wanted = {code for code in codes if code} - self.found.keys()
        if not wanted:
            return
        for facts in Region.objects.filter(code__in=wanted).values_list(
            "code", "name", "level", "city_id", "province_id"
        ):
            self.found[facts[0]] = RegionFacts(*facts)
        for code in wanted:
            self.found.setdefault(code, None)

    def get(self, code: str | None) -> RegionFacts | None:
        return self.found.get(code) if code else None

    def require(self, row: Row, column: Column, code: str | None) -> RegionFacts | None:
        """The region, or an error on the row when no region has the code."""
        if not code:
            return None
        facts = self.found.get(code)
        if facts is None:
            row.error(_("没有代码为 %(code)s 的行政区划（GB/T 2260）。") % {"code": code}, column)
        return facts

    def require_city_level(self, row: Row, column: Column, code: str | None) -> RegionFacts | None:
        """A city or a county: what an enterprise or an institution is registered under (a province
        alone belongs to no city office)."""
        facts = self.require(row, column, code)
        if facts is not None and facts.city_id is None:
            row.error(_("%(name)s（%(code)s）是省级行政区，请填写所在城市或区县的代码。") % {
                "name": facts.name, "code": facts.code}, column)
            return None
        return facts


def refresh_summary_later() -> None:
    """Queue the refresh of the headline counts (results.stats ``summary`` cells: enterprises,
    plans, institutions, activities, regions taking part) once the current transaction commits."""

    def queue() -> None:
        from results.tasks import refresh_summary  # results sits above this app (DESIGN.md §4)

        refresh_summary.delay()

    transaction.on_commit(queue)


# --- the kind -----------------------------------------------------------------------------------------

class CampaignImportKind(ImportKind):
    """A kind the campaign office imports. Subclasses give ``instructions`` (lines of the
    template's instructions sheet) and may widen ``allowed``."""

    template_title: ClassVar[str] = ""

    def allowed(self, user) -> bool:
        return is_office(user)

    def instructions(self, context) -> list[str]:
        return []

    def template(self, context) -> TemplateSpec:
        return TemplateSpec(
            title=_("%(label)s导入模板") % {"label": self.label},
            filename=f"{self.name}.xlsx",
            instructions=[str(line) for line in self.instructions(context)],
        )

    def check_meta(self, context, meta: Mapping[str, str]) -> None:
        kind = meta.get("kind")
        if kind and kind != self.name:
            from benchmarking.imports.registry import kind_label

            raise ImportRefused(_("这是“%(other)s”的导入模板，不是“%(kind)s”的模板。") % {
                "other": kind_label(kind), "kind": self.label}, code="wrong_template")


# --- records that span rows ---------------------------------------------------------------------------

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


# --- writing --------------------------------------------------------------------------------------------

class MemoryWriter(BatchWriter):
    """Collects the staged records; ``write(records, progress)`` runs in the final transaction."""

    def __init__(self, write: Callable[[list, Callable[[int], None]], WriteCounts]):
        self.records: list = []
        self.write = write

    def stage(self, records: list) -> None:
        self.records.extend(records)

    def commit(self, *, progress: Callable[[int], None]) -> WriteCounts:
        return self.write(self.records, progress)

    def close(self) -> None:
        self.records = []


def lock_kind(name: str) -> None:
    """Serialise the final transactions of jobs of one kind (PostgreSQL; SQLite has one writer):
    for tables whose natural key is no unique constraint (activities), two jobs must not both
    find a record missing and both create it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, zlib.crc32(name.encode()) >> 1])


def changed_fields(instance: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set ``values`` on ``instance``; the names of the fields whose value changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def code_pattern(pattern: str, message: str) -> cells.Parser:
    compiled = re.compile(pattern)

    def parse(value: Any) -> str:
        text = cells.code_text(value).replace(" ", "")
        if not compiled.fullmatch(text):
            raise CellError(message)
        return text

    return parse
