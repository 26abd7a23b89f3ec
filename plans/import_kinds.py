"""The technical plans kind: industry benchmarking plans (行业对标技术方案), published on import.

Row shape — one row per plan × compared standard × indicator requirement::

    方案编号 | 方案名称 | 英文名称 | 产品类别代码 | 起草单位 | 起草机构统一社会信用代码 |
    标准号 | 对标标准 | 对标等级 | 指标标识 | 指标名称 | 方案单位 | 下限 | 上限 | 单位 | 测试条件

The plan's columns repeat on each of its rows, a standard's (benchmark or not, grade) on each of
its rows in the plan, an indicator's plan unit likewise; a row with no indicator lists a
compared standard that states no requirement. A pass/fail indicator's row has no limits. Natural
key of a row: plan code, standard, indicator and test condition; of a plan: its code.

A plan is checked as a whole, with the rules of the plan editor (``services.plans``: at least one
standard and one indicator, a benchmark standard, each standard and indicator once) and of the
verdict engine (``verdict.plan.plan_problems``: limits that fit each indicator's
direction, units that convert, benchmark flags consistent) — a plan the engine cannot evaluate is
never published. Its rows are all imported or all refused.

Imported plans are published at once as version 1, drafted by the institution or the body named
(campaign-office authored, like ``plan_create`` by the office). A plan code that exists already:
unchanged when its published version has exactly the file's content; otherwise the rows are
refused with the reason — a published version is never rewritten by an import, and a new version
goes through the editor and review. The rows of one plan must arrive in one batch of the engine
(``GROUP_BATCH`` rows): a file that big is split, or its plans' rows kept together.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_campaign_office
from benchmarking.import_kinds.lookups import refresh_summary_later
from benchmarking.models import ProductCategory
from core.imports import cells
from core.imports.cells import YES_NO, YES_NO_LABELS, code_pattern
from core.imports.errors import CellError
from core.imports.kinds import GROUP_BATCH, Column, Groups, ImportKind, Row, WriteCounts
from core.imports.staging import MemoryWriter
from core.models import ReviewStatus
from core.public_cache import Area, publication_changed
from plans.models import (
    PlanAuthorKind,
    PlanIndicator,
    PlanRequirement,
    PlanStandard,
    PlanVersion,
    TechnicalPlan,
)
from standards.codes import StandardCodeError, parse_standard_code
from standards.import_kinds import IndicatorFacts, indicator_of, load_indicators
from standards.models import Standard
from thirdparty.models import Institution
from verdict import IndicatorSpec, PlanSpec, RequirementSpec, plan_problems

from .services import ImportedPlan, plan_problem_messages, plans_publish_imported

PLAN_FIELDS = ("title_zh", "title_en", "category", "drafting_body", "institution")
PLAN_CODE = code_pattern(r"[A-Za-z0-9][A-Za-z0-9._/\-]{0,29}",
                         gettext_lazy("方案编号应为 1 至 30 位字母、数字或 . _ / -，例如 TP2023-00001。"))


def _standard_code(value: Any) -> str:
    try:
        return parse_standard_code(cells.code_text(value)).code
    except StandardCodeError as error:
        raise CellError(str(error)) from None


@dataclass
class PlanDraft:
    """One plan as its rows in the file state it."""

    code: str
    first_line: int
    fields: dict[str, Any]  # title_zh, title_en, category (id), drafting_body, institution (id or None)
    standards: dict[int, dict[str, Any]] = field(default_factory=dict)  # standard id → grade, is_benchmark, code
    indicators: dict[int, dict[str, Any]] = field(default_factory=dict)  # indicator id → unit, facts
    requirements: list[tuple] = field(default_factory=list)  # (standard id, indicator id, min, max, unit, condition)
    lines: list[int] = field(default_factory=list)

    def content(self) -> tuple:
        """What a published version is compared with: plan fields, standards, indicators, requirements."""
        return (
            tuple(self.fields[name] for name in PLAN_FIELDS),
            frozenset((pk, s["grade"], s["is_benchmark"]) for pk, s in self.standards.items()),
            frozenset((pk, i["unit"], i["facts"].direction, i["facts"].is_difference)
                      for pk, i in self.indicators.items()),
            frozenset(self.requirements),
        )

    def imported(self) -> ImportedPlan:
        """The plan as ``plans_publish_imported`` writes it."""
        return ImportedPlan(
            code=self.code, title_zh=self.fields["title_zh"], title_en=self.fields["title_en"],
            category_id=self.fields["category"], drafting_body=self.fields["drafting_body"],
            institution_id=self.fields["institution"],
            standards=[(pk, s["grade"], s["is_benchmark"]) for pk, s in self.standards.items()],
            indicators=[(pk, i["unit"], i["facts"].direction, i["facts"].is_difference)
                        for pk, i in self.indicators.items()],
            requirements=list(self.requirements),
        )

    def spec(self) -> PlanSpec:
        codes = {pk: s["code"] for pk, s in self.standards.items()}
        keys = {pk: i["facts"].key for pk, i in self.indicators.items()}
        return PlanSpec(
            indicators=tuple(
                IndicatorSpec(facts.key, facts.name, i["unit"], facts.direction, facts.is_difference,
                              **facts.possible_range_in(i["unit"]))
                for i in self.indicators.values() for facts in (i["facts"],)
            ),
            requirements=tuple(
                RequirementSpec(keys[indicator], codes[standard], minimum, maximum, unit, condition,
                                self.standards[standard]["grade"], self.standards[standard]["is_benchmark"])
                for standard, indicator, minimum, maximum, unit, condition in self.requirements
            ),
        )


@dataclass
class PlanContext:
    user: Any
    columns: dict[str, Column]
    groups: Groups = field(default_factory=Groups)
    drafts: dict[str, PlanDraft] = field(default_factory=dict)
    split: set[str] = field(default_factory=set)  # plans whose rows fell into two batches
    categories: dict[str, int | None] = field(default_factory=dict)
    institutions: dict[str, tuple | None] = field(default_factory=dict)  # USCC → (id, name, status)
    standards: dict[str, int | None] = field(default_factory=dict)
    indicators: dict[str, IndicatorFacts | None] = field(default_factory=dict)  # key, and "name:" + name


class PlanImportKind(ImportKind):
    name = "plans"
    label = gettext_lazy("行业对标技术方案")
    natural_key_label = gettext_lazy("方案编号、标准号、指标、测试条件")
    batch_size = GROUP_BATCH
    allowed_rule = is_campaign_office

    def prepare(self, *, user, options) -> PlanContext:
        return PlanContext(user=user, columns={c.key: c for c in self._columns()})

    def _columns(self) -> list[Column]:
        return [
            Column("plan", "方案编号", parse=PLAN_CODE, required=True, width=16, number_format="@",
                   aliases=("plan code", "plan", "code", "方案代码"), example="TP2023-00001",
                   help=_("方案的唯一编号；同一方案的各行填写相同的方案信息，且应排在一起。")),
            Column("title_zh", "方案名称", parse=cells.text(max_length=200), required=True, width=28,
                   aliases=("title", "plan title", "title (Chinese)"), example="一次性使用医用口罩对标技术方案"),
            Column("title_en", "英文名称", parse=cells.text(max_length=200), default="", width=24,
                   aliases=("english title", "title (English)")),
            Column("category", "产品类别代码", parse=cells.code_text, required=True, width=14, number_format="@",
                   aliases=("category", "category code", "product category", "产品类别"), example="PC00001"),
            Column("drafting_body", "起草单位", parse=cells.text(max_length=200), default="", width=24,
                   aliases=("drafting body", "drafted by", "起草机构"),
                   help=_("技术委员会、行业协会或机构的名称；填写了起草机构的统一社会信用代码时可留空。")),
            Column("institution", "起草机构统一社会信用代码", parse=cells.uscc, width=24, number_format="@",
                   aliases=("institution uscc", "institution", "drafting institution"),
                   help=_("起草方案的已认定第三方机构（可不填）。")),
            Column("standard", "标准号", parse=_standard_code, required=True, width=22, number_format="@",
                   aliases=("standard", "standard code", "比对标准"), example="GB 19083-2010",
                   help=_("比对的标准，须已在标准库中。")),
            Column("is_benchmark", "对标标准", parse=YES_NO, default=False, choices=YES_NO_LABELS, width=10,
                   aliases=("benchmark", "is benchmark", "是否对标标准"),
                   help=_("该标准是否为对标的（先进）标准，填“是”或“否”；同一方案中该标准各行一致。")),
            Column("grade", "对标等级", parse=cells.text(max_length=30), default="", width=10,
                   aliases=("grade", "等级")),
            Column("indicator", "指标标识", parse=cells.text(max_length=80), width=16,
                   aliases=("indicator key", "indicator", "key"),
                   help=_("标准库中技术指标的标识；也可只填“指标名称”。本行只列出比对标准时两列都留空。")),
            Column("indicator_name", "指标名称", parse=cells.text(max_length=120), width=16,
                   aliases=("indicator name", "技术指标"), example="过滤效率"),
            Column("plan_unit", "方案单位", parse=cells.text(max_length=30), width=10,
                   aliases=("plan unit", "indicator unit", "指标单位"),
                   help=_("方案中该指标统一使用的单位；留空为标准库中指标的单位。")),
            Column("minimum", "下限", parse=cells.number, width=10, aliases=("minimum", "min", "lower limit")),
            Column("maximum", "上限", parse=cells.number, width=10, aliases=("maximum", "max", "upper limit")),
            Column("unit", "单位", parse=cells.text(max_length=30), default="", width=10, aliases=("unit",),
                   help=_("该标准限值的单位，须能换算为方案单位；留空为方案单位。")),
            Column("condition", "测试条件", parse=cells.text(max_length=120), default="", width=16,
                   aliases=("condition", "test condition"), example="85 L/min"),
        ]

    def columns(self, context: PlanContext) -> list[Column]:
        return list(context.columns.values())

    def instructions(self, context) -> list[str]:
        return [
            _("每行是一个方案中一个比对标准对一个指标的要求（方案 × 标准 × 指标 × 测试条件）；"
              "方案信息在该方案的各行重复填写，同一方案的行排在一起。只列出比对标准而无指标要求时，指标各列留空。"),
            _("方案须至少有一个对标标准（“对标标准”填“是”）且对标标准有指标要求；"
              "越高越好的指标只填下限，越低越好的只填上限，区间至少填一个，合格/不合格的指标不填限值；"
              "单位须能换算为方案单位。"),
            _("导入的方案直接作为第 1 版发布。方案编号已存在时：已发布版本的内容与文件完全相同则不作改动；"
              "不同则该方案不导入（已发布的版本不能通过导入修改，请在后台发起新版本）。"),
            _("标准和指标须已在标准库中；产品类别须已存在；起草机构须为已认定的第三方机构。"),
        ]

    def natural_key(self, context: PlanContext, row: Row) -> Hashable:
        v = row.values
        return (v["plan"], v["standard"], v["indicator"] or v["indicator_name"] or "", v["condition"])

    # --- rows -------------------------------------------------------------------------------------------

    def validate(self, context: PlanContext, rows: list[Row]) -> None:
        context.groups.next_batch()
        self._load(context, rows)
        by_plan: dict[str, list[Row]] = {}
        for row in rows:
            code = row.values["plan"]
            earlier = context.groups.seen_before(code, row.line)
            if earlier is not None:
                context.split.add(code)  # its earlier rows are not written either (valid-rows mode)
                row.error(_("方案 %(code)s 的行从第 %(line)d 行开始，与本行相隔太远（每批 %(size)d 行内校验一个方案）："
                            "请把同一方案的行排在一起，或拆分文件。") % {
                    "code": code, "line": earlier, "size": self.batch_size}, context.columns["plan"])
                continue
            by_plan.setdefault(code, []).append(row)
        stored = self._stored_plans(by_plan)
        for code, plan_rows in by_plan.items():
            self._validate_plan(context, code, plan_rows, stored.get(code))

    def _load(self, context: PlanContext, rows: list[Row]) -> None:
        def wanted(values, known):
            return {value for value in values if value} - known.keys()

        categories = wanted((row.values["category"] for row in rows), context.categories)
        if categories:
            found = dict(ProductCategory.objects.filter(code__in=categories).values_list("code", "pk"))
            context.categories.update({code: found.get(code) for code in categories})
        usccs = wanted((row.values["institution"].code for row in rows if row.values["institution"]),
                       context.institutions)
        if usccs:
            found = {i[0]: i[1:] for i in Institution.objects.filter(uscc__in=usccs).values_list(
                "uscc", "pk", "name", "status")}
            context.institutions.update({code: found.get(code) for code in usccs})
        codes = wanted((row.values["standard"] for row in rows), context.standards)
        if codes:
            found = dict(Standard.objects.filter(code__in=codes).values_list("code", "pk"))
            context.standards.update({code: found.get(code) for code in codes})
        load_indicators(context.indicators, rows)

    @staticmethod
    def _stored_plans(by_plan: dict[str, list[Row]]) -> dict[str, tuple]:
        """Existing plans with these codes: (plan, its published version or None, that version's
        content as ``PlanDraft.content`` states it, or None) — four queries for the batch."""
        plans = {p.code: p for p in TechnicalPlan.objects.filter(code__in=by_plan)}
        published = {v.plan_id: v for v in PlanVersion.objects.filter(
            plan__in=plans.values(), status=ReviewStatus.PUBLISHED)}
        versions = {v.pk: v for v in published.values()}
        standards: dict[int, set] = {pk: set() for pk in versions}
        indicators: dict[int, set] = {pk: set() for pk in versions}
        requirements: dict[int, set] = {pk: set() for pk in versions}
        if versions:
            for version_id, *content in PlanStandard.objects.filter(version_id__in=versions).values_list(
                "version_id", "standard_id", "grade", "is_benchmark"
            ):
                standards[version_id].add(tuple(content))
            for version_id, *content in PlanIndicator.objects.filter(version_id__in=versions).values_list(
                "version_id", "indicator_id", "unit", "direction", "is_difference"
            ):
                indicators[version_id].add(tuple(content))
            for version_id, *content in PlanRequirement.objects.filter(version_id__in=versions).values_list(
                "version_id", "plan_standard__standard_id", "plan_indicator__indicator_id", "minimum", "maximum",
                "unit", "condition",
            ):
                requirements[version_id].add(tuple(content))
        stored = {}
        for code, plan in plans.items():
            version = published.get(plan.pk)
            content = None
            if version is not None:
                content = (
                    (plan.title_zh, plan.title_en, plan.category_id, plan.drafting_body, plan.institution_id),
                    frozenset(standards[version.pk]), frozenset(indicators[version.pk]),
                    frozenset(requirements[version.pk]),
                )
            stored[code] = (plan, version, content)
        return stored

    def _validate_plan(self, context: PlanContext, code: str, rows: list[Row], stored: tuple | None) -> None:
        columns = context.columns
        first = rows[0]
        draft = PlanDraft(code=code, first_line=first.line, fields=self._plan_fields(context, first))
        for row in rows:
            draft.lines.append(row.line)
            if row is not first:
                fields = self._plan_fields(context, row)
                for name in PLAN_FIELDS:
                    if fields[name] != draft.fields[name]:
                        row.error(_("与第 %(line)d 行（同一方案）填写的不一致。") % {"line": first.line}, columns[name])
            self._add_row(context, draft, row)
        plan_errors = self._plan_problems(draft) if all(row.ok for row in rows) else []
        if not plan_errors and stored is not None and all(row.ok for row in rows):
            plan_errors, unchanged = self._against_stored(draft, *stored)
            if unchanged:
                for row in rows:
                    row.unchanged = True
                return
        bad = [row.line for row in rows if not row.ok]
        for row in rows:
            for message in plan_errors:
                row.error(_("方案 %(code)s：%(problem)s") % {"code": code, "problem": message})
            if bad and row.ok:
                row.error(_("方案 %(code)s 的第 %(lines)s 行有误，整个方案未导入。") % {
                    "code": code, "lines": "、".join(str(line) for line in bad[:10])})
        if all(row.ok for row in rows):
            context.drafts[code] = draft
            for row in rows:
                row.record = code

    def _plan_fields(self, context: PlanContext, row: Row) -> dict[str, Any]:
        columns, v = context.columns, row.values
        category = context.categories.get(v["category"])
        if category is None:
            row.error(_("没有代码为 %(code)s 的产品类别。") % {"code": v["category"]}, columns["category"])
        institution = None
        if v["institution"] is not None:
            found = context.institutions.get(v["institution"].code)
            if found is None:
                row.error(_("未找到统一社会信用代码为 %(code)s 的第三方机构。") % {"code": v["institution"].code},
                          columns["institution"])
            elif found[2] != "accredited":
                row.error(_("机构“%(name)s”尚未认定，不能作为起草机构。") % {"name": found[1]}, columns["institution"])
            else:
                institution = found
        drafting_body = v["drafting_body"] or (institution[1] if institution else "")
        if not drafting_body and v["institution"] is None:
            row.error(_("请填写起草单位，或起草机构的统一社会信用代码。"), columns["drafting_body"])
        return {"title_zh": v["title_zh"], "title_en": v["title_en"] or "", "category": category,
                "drafting_body": drafting_body, "institution": institution[0] if institution else None}

    def _add_row(self, context: PlanContext, draft: PlanDraft, row: Row) -> None:
        columns, v = context.columns, row.values
        standard_id = context.standards.get(v["standard"])
        if standard_id is None:
            row.error(_("标准库中没有标准 %(code)s。") % {"code": v["standard"]}, columns["standard"])
        else:
            standard = {"code": v["standard"], "grade": v["grade"], "is_benchmark": v["is_benchmark"],
                        "line": row.line}
            stated = draft.standards.setdefault(standard_id, standard)
            for name in ("grade", "is_benchmark"):
                if stated[name] != standard[name]:
                    row.error(_("与第 %(line)d 行（同一方案的同一标准）填写的不一致。") % {"line": stated["line"]},
                              columns[name])
        has_indicator = bool(v["indicator"] or v["indicator_name"])
        if not has_indicator:
            if any(v[k] not in (None, "") for k in ("plan_unit", "minimum", "maximum", "unit", "condition")):
                row.error(_("填写了指标要求，但没有填写指标。"), columns["indicator"])
            return
        indicator = indicator_of(context.indicators, row, context.columns)
        if indicator is None or standard_id is None:
            return
        unit = v["plan_unit"] if v["plan_unit"] is not None else indicator.unit
        stated = draft.indicators.setdefault(indicator.pk, {"unit": unit, "facts": indicator, "line": row.line})
        if v["plan_unit"] is not None and stated["unit"] != unit:
            row.error(_("与第 %(line)d 行（同一方案的同一指标）填写的不一致。") % {"line": stated["line"]},
                      columns["plan_unit"])
        draft.requirements.append((standard_id, indicator.pk, v["minimum"], v["maximum"], v["unit"], v["condition"]))

    @staticmethod
    def _plan_problems(draft: PlanDraft) -> list[str]:
        if not draft.indicators:
            return [_("方案至少需要一个比对标准和一个技术指标。")]
        if not any(s["is_benchmark"] for s in draft.standards.values()):
            return [_("请至少指定一个对标标准。")]
        problems = plan_problems(draft.spec())
        names = {i["facts"].key: i["facts"].name for i in draft.indicators.values()}
        return plan_problem_messages(problems, names)

    @staticmethod
    def _against_stored(draft: PlanDraft, plan: TechnicalPlan, published: PlanVersion | None,
                        content: tuple | None) -> tuple[list[str], bool]:
        """(reasons to refuse, unchanged): an existing plan is left alone or refused, never rewritten."""
        if plan.author_kind != PlanAuthorKind.INDUSTRY:
            return [_("方案编号已被企业对标方案使用。")], False
        if published is None:
            return [_("方案已存在但没有已发布的版本（草稿或审核中），不能通过导入发布；请在后台处理。")], False
        if content == draft.content():
            return [], True
        return [_("已发布第 %(number)d 版，文件内容与之不同；已发布的版本不能通过导入修改，请在后台发起新版本。") % {
            "number": published.number}], False

    # --- writing ------------------------------------------------------------------------------------------

    def writer(self, context: PlanContext) -> MemoryWriter:
        return MemoryWriter(lambda records, progress: self._write(context, records, progress))

    def _write(self, context: PlanContext, records: list[str], progress) -> WriteCounts:
        codes = [code for code in dict.fromkeys(records) if code not in context.split]
        counts = WriteCounts()
        for start in range(0, len(codes), 200):
            chunk = [context.drafts[code] for code in codes[start:start + 200]]
            plans_publish_imported(plans=[draft.imported() for draft in chunk], actor=context.user)
            rows = sum(len(draft.lines) for draft in chunk)
            counts.created += rows
            progress(rows)
        return counts

    def after_commit(self, context: PlanContext, counts: WriteCounts) -> None:
        if counts.created:
            publication_changed(Area.PLANS)
            refresh_summary_later()

    def summary(self, context: PlanContext, counts: WriteCounts) -> str:
        plans = len(context.drafts.keys() - context.split)
        return _("对标技术方案：新增并发布 %(plans)d 个方案（%(created)d 行），无变化 %(unchanged)d 行。") % {
            "plans": plans, "created": counts.created, "unchanged": counts.unchanged}
