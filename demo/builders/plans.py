"""Technical plans: industry plans (institutions, associations, technical committees) and
enterprise plans, each one version with its compared standards, indicators and limits."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.models import ReviewStatus
from plans.models import (
    PlanAuthorKind,
    PlanEvent,
    PlanIndicator,
    PlanRequirement,
    PlanStandard,
    PlanVersion,
    TechnicalPlan,
)
from plans.services import RANKABLE
from results.import_kinds.verdict_cache import CellCache, VerdictCache
from standards.codes import parse_standard_code
from verdict import Direction, IndicatorSpec, PlanSpec, RequirementSpec

from ..catalog_data import TEMPLATES_BY_KEY
from .catalog import ADVANCED, LEADER, NATIONAL, Category
from .context import SeedContext, at_office_hours, day_between, extra
from .parties import OFFICE_NAME, EnterpriseIndex, InstitutionIndex
from .values import IndicatorSlots, compile_slots

PUBLISHED, DRAFT, SUBMITTED, RETURNED = (ReviewStatus.PUBLISHED, ReviewStatus.DRAFT, ReviewStatus.SUBMITTED,
                                         ReviewStatus.RETURNED)
SUPERSEDED = ReviewStatus.SUPERSEDED
# A share of industry plans gets a second version while the campaign runs.
REVISED_SHARE = 0.08
REVISED_BY = dt.date(2023, 9, 30)
PLAN_RETURN_REASONS = (
    "对标标准中缺少现行有效的国际标准或国外先进标准，请补充后重新提交。",
    "部分指标的测试条件与所引用标准的要求不一致，请核对。",
    "比对指标数量偏少，请补充产品关键性能指标。",
    "所引用的国家标准已被代替，请改用现行版本。",
    "起草单位信息不完整，请补充联系人及联系方式。",
)
IMPROVEMENT_MEASURES = (
    "优化熔喷工艺参数，提高过滤效率的一致性；增加出厂检验频次。",
    "引进在线检测设备，关键指标实现全数检验。",
    "对照国际先进标准修订企业标准，并在企业标准信息公共服务平台自我声明公开。",
    "与第三方检测机构开展比对试验，建立指标提升台账。",
    "开展工艺攻关，降低能耗与噪声，提升产品可靠性。",
)


@dataclass
class Actors:
    office: int | None
    city: int | None
    city_code: str
    enterprise: int | None
    institution: int | None


class IdsByKey(Mapping):
    """The plan indicators' ids by indicator key: ids reserved as one block from ``first``, in
    the keys' order."""

    __slots__ = ("first", "keys_in_order")

    def __init__(self, keys_in_order: tuple[str, ...], ids: range):
        if ids.step != 1 or len(ids) != len(keys_in_order):
            raise ValueError("one id a key, as one block")
        self.keys_in_order, self.first = keys_in_order, ids.start

    def __getitem__(self, key: str) -> int:
        return self.first + self.keys_in_order.index(key)

    def __iter__(self):
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)


def encode_order(chosen, among) -> int:
    """An ordered choice of items of ``among`` (a category's few standards) as one small int:
    its positions as base-16 digits, last first, each plus one so that no digit is zero. A
    plan's chosen standards cost no tuple this way: ints up to 256 are shared by the
    interpreter, and the rest are one 28-byte object."""
    if len(among) >= 16:
        raise ValueError("at most 15 items to choose from")
    code = 0
    for item in reversed(chosen):
        code = code * 16 + next(i for i, candidate in enumerate(among) if candidate is item) + 1
    return code


def decode_order(code: int, among) -> tuple:
    out = []
    while code:
        code, digit = divmod(code, 16)
        out.append(among[digit - 1])
    return tuple(out)


def encode_subset(keys, among) -> int:
    """Which of ``among`` (a category's indicator keys) a plan kept, in their order, as a bit mask."""
    mask = sum(1 << i for i, key in enumerate(among) if key in keys)
    if decode_subset(mask, among) != tuple(keys):
        raise ValueError("the keys must be a subsequence of the category's, without repeats")
    return mask


def decode_subset(mask: int, among) -> tuple:
    return tuple(key for i, key in enumerate(among) if mask >> i & 1)


@dataclass(eq=False, slots=True)  # hashed by identity: ``_built_cited`` caches by plan
class PlanInfo:
    """What results need of a published plan version. A large seed holds 280,000 of them, so a
    plan keeps its recipe as numbers: its category, which of the category's standards it chose
    (in their order) and which of its indicator keys it kept, and the first id of its plan
    indicators' block; its spec is built from them when results need it."""

    version_id: int
    category_id: int
    author_kind: str
    enterprise_pos: int | None
    published_at: dt.datetime
    category: Category | None
    chosen_code: int
    keys_mask: int
    first_indicator_id: int
    superseded_at: dt.datetime | None = None  # when the plan's next version was published
    # A cited plan read back from the database: its spec and its indicators' ids by key.
    cited: tuple[PlanSpec, dict[str, int]] | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return decode_subset(self.keys_mask, self.category.indicator_keys)

    @property
    def chosen(self) -> tuple:
        return decode_order(self.chosen_code, self.category.standards)

    @property
    def plan_indicator_ids(self) -> Mapping[str, int]:
        if self.cited is not None:
            return self.cited[1]
        keys = self.keys
        return IdsByKey(keys, range(self.first_indicator_id, self.first_indicator_id + len(keys)))

    @property
    def slots(self) -> tuple[IndicatorSlots, ...]:
        return _built(self)[1]

    @property
    def verdicts(self) -> VerdictCache:
        return _built(self)[2]


def _built(plan: PlanInfo) -> tuple[PlanSpec, tuple[IndicatorSlots, ...], VerdictCache, Category | None]:
    """A plan's spec, compiled limits and verdicts, built when results need them. Results are
    written category by category (``results.build_results``), so a category's plans (its industry
    plans, their revisions, its enterprises' own plans) are used together and a small cache
    serves; holding every plan's spec was most of a large seed's memory. A category's plans often
    make the same choice of standards and indicators: they share what is built for it, verdicts
    included (asked once per result, where a cache keyed by the spec would hash the whole spec
    each time)."""
    if plan.cited is not None:
        return _built_cited(plan)
    # The category object, not its id: a seed rolled back and another run in the same process
    # (the tests) may give another category the same id. The entry holds the category, so its
    # identity is not reused while the entry lives.
    key = (id(plan.category), plan.chosen_code, plan.keys_mask)
    built = _built_recipes.get(key)
    if built is not None:
        _built_recipes.move_to_end(key)
        return built
    spec = spec_for(plan.category, plan.chosen, plan.keys)
    built = _built_recipes[key] = (spec, compile_slots(spec), VerdictCache(spec, cells=_JUDGED_CELLS), plan.category)
    if len(_built_recipes) > 512:
        _built_recipes.popitem(last=False)
    return built


_built_recipes: OrderedDict[tuple[int, int, int], tuple[PlanSpec, tuple[IndicatorSlots, ...], VerdictCache, Category]]
_built_recipes = OrderedDict()


@functools.lru_cache(maxsize=64)
def _built_cited(plan: PlanInfo) -> tuple[PlanSpec, tuple[IndicatorSlots, ...], VerdictCache, None]:
    spec = plan.cited[0]
    return spec, compile_slots(spec), VerdictCache(spec, cells=_JUDGED_CELLS), None


# Levels only (the seed stores no gaps). Results come category by category, so a few thousand
# cells serve; a forked worker starts from its parent's copy.
_JUDGED_CELLS = CellCache(with_gaps=False, limit=10_000)


@dataclass
class PlanBook:
    industry_by_category: dict[int, list[PlanInfo]] = field(default_factory=dict)
    own_by_enterprise: dict[int, list[PlanInfo]] = field(default_factory=dict)
    revisions: dict[int, PlanInfo] = field(default_factory=dict)  # first version id -> its second version
    counts: dict[str, int] = field(default_factory=dict)

    def candidates(self, category_id: int, enterprise_pos: int) -> list[PlanInfo]:
        return self.industry_by_category.get(category_id, []) + self.own_by_enterprise.get(enterprise_pos, [])

    def has_candidates(self, category_id: int, enterprise_pos: int) -> bool:
        return bool(self.industry_by_category.get(category_id) or self.own_by_enterprise.get(enterprise_pos))


def allocate_industry_plans(
    ctx: SeedContext, synthetic: list[Category], n_seed_plans: int
) -> tuple[dict[int, int], int]:
    """How many published industry plans each synthetic category gets, and how many published
    enterprise plans there are: at least one industry plan per category while there are enough."""
    rng = ctx.fork("plan-allocation")
    n_synthetic = max(1, ctx.n("published_plans") - n_seed_plans)
    n_enterprise = round(n_synthetic * 0.2)
    n_industry = n_synthetic - n_enterprise
    counts = {c.id: 0 for c in synthetic}
    order = list(synthetic)
    rng.shuffle(order)
    for i in range(n_industry):
        category = order[i] if i < len(order) else rng.choice(order)
        counts[category.id] += 1
    return counts, n_enterprise


@functools.lru_cache(maxsize=4096)  # asked once per requirement; a category's plans share their standards
def _is_mandatory(code: str) -> bool:
    """As ``Standard.is_mandatory`` says of the row ``catalog`` writes for this code: the demo's
    industry codes all carry /T, so its mandatory standards are the GB ones."""
    return parse_standard_code(code).prefix == "GB"


def spec_for(category: Category, chosen_standards, keys) -> PlanSpec:
    indicators = []
    for key in keys:
        t = TEMPLATES_BY_KEY[key]
        indicators.append(IndicatorSpec(key, t.name_zh, t.unit, Direction(t.direction), t.is_difference))
    requirements = [
        RequirementSpec(key, s.code, *s.limits[key][:2], unit=s.limits[key][2], condition=s.limits[key][3],
                        grade=s.grade, is_benchmark=s.role == ADVANCED, is_mandatory=_is_mandatory(s.code))
        for s in chosen_standards for key in keys if key in s.limits
    ]
    return PlanSpec(tuple(indicators), tuple(requirements))


def _choose(rng: random.Random, category: Category):
    advanced = [s for s in category.standards if s.role == ADVANCED]
    national = [s for s in category.standards if s.role == NATIONAL]
    leader = [s for s in category.standards if s.role == LEADER and rng.random() < 0.85]
    picked = rng.sample(advanced, rng.randint(1, len(advanced)))
    keys = list(category.indicator_keys)
    if len(keys) > 4 and rng.random() < 0.3:
        keys.remove(rng.choice(keys))
    if not any(key in s.limits for s in picked for key in keys):
        picked, keys = advanced, list(category.indicator_keys)
    return [*national, *picked, *leader], keys


class PlanWriter:
    def __init__(self, ctx: SeedContext, actors: Actors, institutions: InstitutionIndex,
                 enterprises: EnterpriseIndex, indicator_ids: dict[str, int], city_names: dict[str, str]):
        self.ctx, self.actors, self.institutions, self.enterprises = ctx, actors, institutions, enterprises
        self.indicator_ids, self.city_names = indicator_ids, city_names
        self.rng = ctx.fork("plans")
        self.rows: dict[type, list] = {m: [] for m in (TechnicalPlan, PlanVersion, PlanStandard, PlanIndicator,
                                                        PlanRequirement, PlanEvent)}
        self.serial: dict[str, int] = {}
        self.book = PlanBook()

    def code(self, prefix: str, year: int) -> str:
        key = f"{prefix}-{year}"
        self.serial[key] = self.serial.get(key, 0) + 1
        return f"{key}-{self.serial[key]:05d}"

    def add(self, category: Category, status: str, day: dt.date, *, enterprise_pos: int | None = None) -> None:
        rng, writer = self.rng, self.ctx.writer
        chosen, keys = _choose(rng, category)
        # A plan compares standards that exist: published a month before it at least.
        compared = [s for s in chosen if s.role != LEADER]
        day = max(day, max(s.published for s in compared) + dt.timedelta(days=30))
        chosen = compared + [s for s in chosen if s.role == LEADER and s.published + dt.timedelta(days=30) <= day]
        plan_id, version_id = writer.next_id(TechnicalPlan), writer.next_id(PlanVersion)
        institution_id, city = None, None
        if enterprise_pos is not None:
            kind = PlanAuthorKind.ENTERPRISE
            drafter = self.enterprises.name[enterprise_pos]
            city = self.enterprises.city[enterprise_pos]
            title = f"{category.name}企业对标方案（{drafter}）"
            # Enterprises have Chinese names only: the English title leaves the drafter out.
            title_en = f"Enterprise benchmarking plan for {category.name_en}"
            code = self.code("EP", day.year)
        else:
            kind = PlanAuthorKind.INDUSTRY
            if self.institutions.drafters and rng.random() < 0.7:
                institution_id = rng.choice(self.institutions.drafters)
                drafter = self.institutions.names[institution_id]
            else:
                drafter = f"全国{rng.choice(category.trade_words)}标准化技术委员会"
            benchmark = next(s.code for s in chosen if s.role == ADVANCED)
            title = f"{category.name}对标技术方案（对标 {benchmark}）"
            title_en = f"Benchmarking technical plan for {category.name_en} (against {benchmark})"
            code = self.code("TP", day.year)
        published_at = at_office_hours(rng, day) if status == PUBLISHED else None
        submitted_at = at_office_hours(rng, day - dt.timedelta(days=rng.randint(3, 30)))
        created_at = submitted_at - dt.timedelta(days=rng.randint(10, 60), hours=rng.randint(0, 8))
        self.rows[TechnicalPlan].append({
            "id": plan_id, "code": code, "title_zh": title, "title_en": title_en, "category_id": category.id,
            "author_kind": kind,
            "drafting_body": drafter,
            "enterprise_id": None if enterprise_pos is None else self.enterprises.ids[enterprise_pos],
            "institution_id": institution_id, "city_id": city, "created_at": created_at,
        })
        info = self._version(plan_id, version_id, 1, status, category, chosen, keys, kind, drafter, city,
                             enterprise_pos, institution_id, (created_at, submitted_at, published_at))
        if info is not None and enterprise_pos is None:
            self.book.industry_by_category.setdefault(category.id, []).append(info)
        elif info is not None:
            self.book.own_by_enterprise.setdefault(enterprise_pos, []).append(info)
        if info is not None and enterprise_pos is None and rng.random() < REVISED_SHARE:
            self._revise(plan_id, info, category, chosen, keys, drafter, institution_id)
        label = f"plans_{kind}_{status}"
        self.book.counts[label] = self.book.counts.get(label, 0) + 1
        if len(self.rows[PlanRequirement]) >= 20_000:
            self.flush()

    def _version(self, plan_id: int, version_id: int, number: int, status: str, category: Category, chosen, keys,
                 kind: str, drafter: str, city: str | None, enterprise_pos: int | None, institution_id: int | None,
                 moments: tuple) -> PlanInfo | None:
        """A version's rows and events; its PlanInfo when published (results may compare against it)."""
        rng, writer = self.rng, self.ctx.writer
        created_at, submitted_at, published_at = moments
        self.rows[PlanVersion].append({
            "id": version_id, "plan_id": plan_id, "number": number, "status": status, "created_at": created_at,
            "submitted_at": None if status == DRAFT else submitted_at, "published_at": published_at,
            "improvement_measures": rng.choice(IMPROVEMENT_MEASURES) if kind == PlanAuthorKind.ENTERPRISE else "",
        })
        standard_ids = {}
        for position, s in enumerate(chosen):
            standard_ids[s.code] = writer.next_id(PlanStandard)
            self.rows[PlanStandard].append({
                "id": standard_ids[s.code], "version_id": version_id, "standard_id": s.id, "grade": s.grade,
                "is_benchmark": s.role == ADVANCED, "position": position,
            })
        keys = tuple(keys)
        plan_indicator_ids = IdsByKey(keys, writer.ids(PlanIndicator, len(keys)))
        # The plan's first two one-sided indicators are its core ones, which rank its 领跑者.
        core = [key for key in keys if TEMPLATES_BY_KEY[key].direction in RANKABLE][:2]
        for position, key in enumerate(keys):
            template = TEMPLATES_BY_KEY[key]
            self.rows[PlanIndicator].append({
                "id": plan_indicator_ids[key], "version_id": version_id, "indicator_id": self.indicator_ids[key],
                "unit": template.unit, "direction": template.direction, "is_difference": template.is_difference,
                "position": position, "is_core": key in core,
            })
            for s in chosen:
                if key in s.limits:
                    minimum, maximum, unit, condition = s.limits[key]
                    self.rows[PlanRequirement].append({
                        "version_id": version_id, "plan_standard_id": standard_ids[s.code],
                        "plan_indicator_id": plan_indicator_ids[key], "minimum": minimum, "maximum": maximum,
                        "unit": unit, "condition": condition, "condition_en": template.condition_en,
                    })
        self._events(version_id, status, kind, drafter, city, enterprise_pos, institution_id, moments)
        if status == PUBLISHED:
            return PlanInfo(version_id, category.id, kind, enterprise_pos, published_at, category,
                            encode_order(chosen, category.standards), encode_subset(keys, category.indicator_keys),
                            plan_indicator_ids.first)
        return None

    def _revise(self, plan_id: int, first: PlanInfo, category: Category, chosen, keys, drafter: str,
                institution_id: int | None) -> None:
        """A second published version of an industry plan, a year or so after the first: the
        enterprises short of the first re-benchmark against it (``results.py``), which is what
        the public pages count as improved products."""
        rng = self.rng
        day = first.published_at.date() + dt.timedelta(days=rng.randint(300, 500))
        if day > REVISED_BY:
            return
        published_at = at_office_hours(rng, day)
        submitted_at = published_at - dt.timedelta(days=rng.randint(3, 30))
        created_at = submitted_at - dt.timedelta(days=rng.randint(10, 60), hours=rng.randint(0, 8))
        info = self._version(plan_id, self.ctx.writer.next_id(PlanVersion), 2, PUBLISHED, category, chosen, keys,
                             PlanAuthorKind.INDUSTRY, drafter, None, None, institution_id,
                             (created_at, submitted_at, published_at))
        # Publishing the second version supersedes the first, as ``plans.services`` does.
        first_row = next(row for row in reversed(self.rows[PlanVersion]) if row["id"] == first.version_id)
        first_row["status"] = SUPERSEDED
        self.rows[PlanEvent].append({
            "version_id": first.version_id, "actor_id": self.actors.office, "actor_name": OFFICE_NAME,
            "from_status": PUBLISHED, "to_status": SUPERSEDED, "reason": "", "created_at": published_at,
        })
        first.superseded_at = published_at
        self.book.industry_by_category.setdefault(category.id, []).append(info)
        self.book.revisions[first.version_id] = info
        self.book.counts["plan_versions_revised"] = self.book.counts.get("plan_versions_revised", 0) + 1

    def _events(self, version_id, status, kind, drafter, city, enterprise_pos, institution_id, moments) -> None:
        if status == DRAFT:
            return
        created_at, submitted_at, published_at = moments
        rng, actors = self.rng, self.actors
        if kind == PlanAuthorKind.ENTERPRISE:
            author = actors.enterprise if enterprise_pos == self.enterprises.demo else None
            author_name = self.enterprises.contact[enterprise_pos]
            reviewer = actors.city if city == actors.city_code else None
            reviewer_name = f"{self.city_names[city]}对标达标工作办公室"
        else:
            author = actors.institution if institution_id == self.institutions.demo else None
            author_name, reviewer, reviewer_name = drafter, actors.office, OFFICE_NAME
        events = []
        if status == RETURNED or (status == PUBLISHED and rng.random() < 0.1):
            if status == PUBLISHED:  # returned once between creation and the last submission
                first = created_at + (submitted_at - created_at) * rng.uniform(0.1, 0.4)
                returned_at = first + (submitted_at - first) * rng.uniform(0.2, 0.6)
            else:
                first = submitted_at
                returned_at = first + dt.timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 6))
            events += [(author, author_name, DRAFT, SUBMITTED, "", first),
                       (reviewer, reviewer_name, SUBMITTED, RETURNED, rng.choice(PLAN_RETURN_REASONS), returned_at)]
            if status == PUBLISHED:
                events.append((author, author_name, RETURNED, SUBMITTED, "", submitted_at))
        else:
            events.append((author, author_name, DRAFT, SUBMITTED, "", submitted_at))
        if status == PUBLISHED:
            events.append((reviewer, reviewer_name, SUBMITTED, PUBLISHED, "", published_at))
        for actor, name, from_status, to_status, reason, at in events:
            self.rows[PlanEvent].append({
                "version_id": version_id, "actor_id": actor, "actor_name": name, "from_status": from_status,
                "to_status": to_status, "reason": reason, "created_at": at,
            })

    def flush(self) -> None:
        for model, rows in self.rows.items():  # in dependency order: parents before children
            self.ctx.writer.write_dicts(model, rows)
            rows.clear()


def build_plans(ctx: SeedContext, synthetic: list[Category], allocation: dict[int, int], n_enterprise_plans: int,
                enterprises: EnterpriseIndex, institutions: InstitutionIndex, actors: Actors,
                indicator_ids: dict[str, int], city_names: dict[str, str]) -> PlanBook:
    out = PlanWriter(ctx, actors, institutions, enterprises, indicator_ids, city_names)
    rng = out.rng
    by_id = {c.id: c for c in synthetic}
    span = (dt.date(2023, 6, 30) - dt.date(2021, 1, 15)).days
    for category in synthetic:
        for _ in range(allocation[category.id]):
            day = dt.date(2021, 1, 15) + dt.timedelta(days=int(rng.triangular(0, span, span * 0.2)))
            out.add(category, PUBLISHED, day)
    # Enterprise plans: by enterprises whose own category has synthetic standards to compare.
    eligible = [pos for pos in range(len(enterprises)) if enterprises.category[pos] in by_id]
    for _ in range(n_enterprise_plans if eligible else 0):
        pos = rng.choice(eligible)
        start = enterprises.created[pos] + dt.timedelta(days=20)
        out.add(by_id[enterprises.category[pos]], PUBLISHED, day_between(rng, start, dt.date(2023, 9, 30)),
                enterprise_pos=pos)
    # Plans under way, on top of the published ones; the demo city has an enterprise plan waiting.
    n_published = sum(allocation.values()) + n_enterprise_plans
    demo_division = enterprises.industry[enterprises.demo]
    waiting_category = next((c for c in synthetic if c.division == demo_division), synthetic[0])
    out.add(waiting_category, SUBMITTED, dt.date(2023, 12, 12), enterprise_pos=enterprises.demo)
    for status, share in ((DRAFT, 0.03), (SUBMITTED, 0.025), (RETURNED, 0.02)):
        for _ in range(extra(n_published, share) - (status == SUBMITTED)):
            day = day_between(rng, dt.date(2023, 10, 1), dt.date(2023, 12, 20))
            if eligible and rng.random() < 0.5:
                pos = rng.choice(eligible)
                out.add(by_id[enterprises.category[pos]], status, day, enterprise_pos=pos)
            else:
                out.add(rng.choice(synthetic), status, day)
    out.flush()
    return out.book



def seed_plan_info(version_id: int, category_id: int) -> PlanInfo:
    """A cited plan, read back from the database (two plans: reading them costs nothing)."""
    version = PlanVersion.objects.get(pk=version_id)
    indicators = list(PlanIndicator.objects.filter(version=version).select_related("indicator").order_by("position"))
    requirements = PlanRequirement.objects.filter(version=version).select_related(
        "plan_standard__standard", "plan_indicator__indicator"
    )
    spec = PlanSpec(
        tuple(IndicatorSpec(pi.indicator.key, pi.indicator.name_zh, pi.unit, Direction(pi.direction),
                            pi.is_difference) for pi in indicators),
        tuple(RequirementSpec(r.plan_indicator.indicator.key, r.plan_standard.standard.code, r.minimum, r.maximum,
                              r.unit, r.condition, r.plan_standard.grade, r.plan_standard.is_benchmark,
                              r.plan_standard.standard.is_mandatory)
              for r in requirements),
    )
    return PlanInfo(version_id, category_id, PlanAuthorKind.INDUSTRY, None, version.published_at, None, 0, 0, 0,
                    cited=(spec, {pi.indicator.key: pi.pk for pi in indicators}))
