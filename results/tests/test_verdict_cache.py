"""The verdict cache's cells shared between plans: each plan still gets the engine's verdict.

Plans that compare with the same standards share judged cells (the demo seed shares them across
a category's plans); plans whose requirements differ, even under the same indicator key and
condition, must never read each other's cells."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from results.import_kinds.verdict_cache import CellCache, VerdictCache
from verdict import IndicatorSpec, Measurement, PlanSpec, RequirementSpec, evaluate

FILTRATION = IndicatorSpec("filtration", "过滤效率", "%", "higher_better")
RESISTANCE = IndicatorSpec("resistance", "吸气阻力", "Pa", "lower_better")


def _plan(filtration_limits: list[tuple[str, float, bool, bool]], resistance_limit: float) -> PlanSpec:
    """A respirator plan: filtration at two flow rates against each (standard, limit, benchmark,
    mandatory), the first of them GB 2626, and resistance against GB 2626."""
    requirements = [
        RequirementSpec("filtration", code, limit, None, "%", condition, is_benchmark=benchmark,
                        is_mandatory=mandatory)
        for code, limit, benchmark, mandatory in filtration_limits
        for condition in ("85 L/min", "95 L/min")
    ]
    gb_is_benchmark = filtration_limits[0][2]  # a standard is a benchmark on all its requirements or on none
    requirements.append(RequirementSpec("resistance", "GB 2626", None, resistance_limit, "Pa", "",
                                        is_benchmark=gb_is_benchmark, is_mandatory=True))
    return PlanSpec((FILTRATION, RESISTANCE), tuple(requirements))


PLANS = (
    _plan([("GB 2626", 95.0, True, True), ("EN 149", 94.0, False, False)], 350.0),
    _plan([("GB 2626", 95.0, True, True), ("EN 149", 94.0, False, False)], 350.0),  # the first's twin
    _plan([("GB 2626", 95.0, True, True), ("NIOSH 42", 99.0, True, False)], 350.0),  # stricter benchmark
    _plan([("GB 2626", 90.0, False, True), ("EN 149", 94.0, True, False)], 300.0),  # other roles and limits
)

percent = st.floats(88, 100).map(lambda x: round(x, 1))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(range(len(PLANS))), percent, percent, st.sampled_from([250.0, 300.0, 320.0, 400.0])),
        min_size=1, max_size=12,
    ),
    with_gaps=st.booleans(),
)
def test_plans_sharing_cells_each_get_the_engines_verdict(rows, with_gaps):
    shared = CellCache(with_gaps=with_gaps)
    caches = [VerdictCache(spec, cells=shared) for spec in PLANS]
    for plan, f85, f95, resistance in rows:
        spec, cache = PLANS[plan], caches[plan]
        given_ = [[] for _ in cache.indicators]
        given_[cache.index["filtration"]] += [(f85, "", "85 L/min"), (f95, "", "95 L/min")]
        given_[cache.index["resistance"]].append((resistance, "", ""))
        expected = evaluate(spec, {
            "filtration": [Measurement(f85, "", "85 L/min"), Measurement(f95, "", "95 L/min")],
            "resistance": [Measurement(resistance, "", "")],
        })
        level, gaps, missing = cache.judge(given_)
        assert level == expected.level.value
        assert [json.loads(gap) for gap in gaps] == (expected.to_json()["gaps"] if with_gaps else [])
        assert missing == []


def test_equal_requirements_share_one_entry_and_different_ones_do_not():
    shared = CellCache()
    twin_a, twin_b, stricter = (VerdictCache(PLANS[i], cells=shared) for i in (0, 1, 2))
    given_ = [[(96.0, "", "85 L/min"), (96.0, "", "95 L/min")], [(300.0, "", "")]]
    twin_a.judge(given_)
    judged = len(shared.entries)
    assert judged == 3  # filtration at each flow rate, resistance
    twin_b.judge(given_)
    assert len(shared.entries) == judged  # the twin reads the first plan's cells
    assert stricter.judge(given_)[0] == "not_attained"  # 96 % falls short of its 99 % benchmark
    assert len(shared.entries) == judged + 2  # its filtration judged afresh; the resistance shared
    assert twin_a.judge(given_)[0] == "leading"


def test_the_token_table_starting_afresh_never_lends_a_plans_cells_to_another():
    shared = CellCache(limit=3)  # the loose plan's three requirement groups fill the table…
    loose = VerdictCache(PLANS[0], cells=shared)
    strict = VerdictCache(PLANS[2], cells=shared)  # …so the strict plan's first group starts it afresh
    given_ = [[(96.0, "", "85 L/min"), (96.0, "", "95 L/min")], [(300.0, "", "")]]
    for _ in range(2):
        assert loose.judge(given_)[0] == "leading"
        assert strict.judge(given_)[0] == "not_attained"
        assert len(shared.entries) <= shared.limit  # the cells start afresh at the limit too
