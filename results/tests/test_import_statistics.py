"""An import that changes published results in place moves them between the statistics' cells by
deltas (out of the old, into the new), like withdrawals and publications: no full recount, and the
counts equal a full rebuild's."""

import pytest

from core.imports import services
from core.models import ImportMode
from results.models import BenchmarkResult, StatCount, StatDelta
from results.services import statistics
from tests.import_helpers import result_row

pytestmark = pytest.mark.django_db


def run(actor, path, plan):
    job = services.import_job_create(kind="results", actor=actor, path=path, options={"plan_version": plan.pk},
                                     mode=ImportMode.ALL_OR_NOTHING, enqueue=False)
    return services.import_job_run(job_id=job.pk)


def cells() -> dict:
    return {(c.dimension, c.scope, c.key, c.level): c.count for c in StatCount.objects.all()
            if c.dimension not in (statistics.SUMMARY, statistics.ENTERPRISES) and c.count}


def test_a_result_changed_in_place_moves_between_cells_by_deltas(office, enterprise_a, import_plan, xlsx_file,
                                                                 monkeypatch):
    rebuilds = []
    monkeypatch.setattr(statistics, "stats_rebuild", lambda: rebuilds.append(True))
    run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", date="2023-05-01"),
                           result_row(enterprise_a.uscc, "口罩", model="B", date="2023-05-01")]), import_plan)
    statistics.stats_apply_pending()
    # The first row fails GB 2626 now (360 Pa) and is dated another month; the second is unchanged.
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", r85=360, date="2023-07-02"),
                                 result_row(enterprise_a.uscc, "口罩", model="B", date="2023-05-01")]), import_plan)
    assert (job.rows_updated, job.rows_unchanged) == (1, 1)
    assert StatDelta.objects.filter(sign=-1).count() == 1 and StatDelta.objects.filter(sign=1).count() == 1
    statistics.stats_apply_pending()
    folded = cells()
    assert folded[("month", "", "2023-07", "not_attained")] == 1
    assert ("month", "", "2023-05", "not_attained") not in folded
    assert not rebuilds
    monkeypatch.undo()
    statistics.stats_rebuild()
    assert folded == cells()
    assert BenchmarkResult.objects.filter(level="not_attained").count() == 1
