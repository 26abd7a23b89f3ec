"""The public caches go stale by area: a publication renews the answers that show what it
changed, and the others stay cached (at a steady rate of publications, the standards library and
the directory are not rendered again each time a result is published or the statistics fold)."""

import pytest

from core import public_cache
from core.public_cache import Area
from core.services import model_update
from results import services
from results.services.statistics import stats_apply_pending
from tests import factories
from tests.helpers import attach_report, respirator_values

pytestmark = pytest.mark.django_db

ANSWERS = {
    "results": "/api/v1/results/",
    "plans": "/api/v1/plans/",
    "standards": "/api/v1/standards/",
    "institutions": "/api/v1/institutions/",
    "statistics": "/api/v1/stats/summary/",
    "home": "/",
    "standards page": "/standards/",
}


def warm(client) -> None:
    for path in ANSWERS.values():
        assert client.get(path).status_code == 200, path
    assert all(client.get(path)["X-Cache"] == "hit" for path in ANSWERS.values())


def renewed(client) -> set[str]:
    """The answers rendered afresh (cache misses) on the next visit."""
    return {name for name, path in ANSWERS.items() if client.get(path)["X-Cache"] == "miss"}


@pytest.fixture
def submitted(enterprise_user_a, respirator_plan):
    result = services.result_create(actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise,
                                    plan_version=respirator_plan, product_name="KN95 口罩", brand="甲", model="1")
    services.result_save_values(actor=enterprise_user_a, result=result, values=respirator_values(respirator_plan))
    attach_report(enterprise_user_a, result)
    services.result_submit(actor=enterprise_user_a, result=result)
    return result


def test_a_publication_renews_the_results_and_its_fold_the_statistics(
        client, submitted, city_office_a, django_capture_on_commit_callbacks):
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.result_approve(actor=city_office_a, result=submitted)
    assert renewed(client) == {"results"}
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert stats_apply_pending() == 1
    assert renewed(client) == {"statistics", "home"}


def test_an_edit_renews_the_areas_its_model_shows_in(client, respirator_plan, django_capture_on_commit_callbacks):
    standard = respirator_plan.standards.first().standard
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        model_update(actor=None, instance=standard, data={"title_en": "Respiratory protection"})
    # Standards are named on the plans' answers, and the results' answers name their plans.
    assert renewed(client) == {"standards", "standards page", "plans", "results"}


def test_a_change_to_reference_data_renews_everything(client, regions, django_capture_on_commit_callbacks):
    category = factories.ProductCategoryFactory()
    warm(client)
    with django_capture_on_commit_callbacks(execute=True):
        model_update(actor=None, instance=category, data={"name_en": "Masks"})
    assert renewed(client) == set(ANSWERS)


def test_each_area_has_its_own_generation(django_capture_on_commit_callbacks):
    before = {area: public_cache.generation(area) for area in Area}
    with django_capture_on_commit_callbacks(execute=True):
        public_cache.publication_changed(Area.INSTITUTIONS)
    assert {area for area in Area if public_cache.generation(area) != before[area]} == {Area.INSTITUTIONS}
