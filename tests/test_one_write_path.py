"""One write path, seen from the public pages: an edit in the admin or an import goes through the
services, leaves its event row and shows on the (cached) public pages at once."""

import pytest
from django.core.cache import cache

from benchmarking.models import Region
from core.imports import services as imports
from core.models import AuditEvent, ReviewStatus
from results.models import BenchmarkResult, ResultEvent
from standards.tests.admin_helpers import change_form_data
from tests import factories
from tests import public_scene as scene
from tests.import_helpers import make_import_plan, result_row, write_xlsx
from verdict import Direction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_cache():
    """The public pages are cached until the data they show changes: start from an empty cache."""
    cache.clear()


def cached_page(client, path: str) -> str:
    """The page as a visitor gets it, once rendered and once from the cache."""
    first = client.get(path)
    again = client.get(path)
    assert first.status_code == again.status_code == 200
    assert again["X-Cache"] == "hit"
    return again.content.decode()


def test_an_enterprise_renamed_in_the_admin_is_audited_and_renamed_on_its_public_results_at_once(
    client, client_for, office, enterprise_a, django_capture_on_commit_callbacks
):
    gb = scene.standard("GB 2626-2019", title="呼吸防护 自吸过滤式防颗粒物呼吸器")
    filtration = factories.IndicatorFactory(key="filtration", name_zh="过滤效率", unit="%",
                                            direction=Direction.HIGHER_BETTER)
    version = scene.plan_version(title="口罩方案", category=scene.category("防护口罩"),
                                 standards=[(gb, True, {filtration: (95, None, "%", "")})])
    result = scene.result(version, enterprise_a, name="KN95 口罩")
    assert "深圳甲防护用品有限公司" in cached_page(client, f"/results/{result.pk}/")

    admin = client_for(office)
    change = f"/admin/companies/enterprise/{enterprise_a.pk}/change/"
    data = change_form_data(admin.get(change)) | {"name": "深圳甲新名称有限公司"}
    with django_capture_on_commit_callbacks(execute=True):  # the edit commits: its invalidation runs
        assert admin.post(change, data).status_code == 302
    client.logout()

    edit = AuditEvent.objects.get(target_type="companies.enterprise", target_id=str(enterprise_a.pk))
    assert (edit.actor, edit.action) == (office, "changed")
    assert edit.changes["name"] == ["深圳甲防护用品有限公司", "深圳甲新名称有限公司"]
    page = client.get(f"/results/{result.pk}/")
    assert page["X-Cache"] == "miss" and "深圳甲新名称有限公司" in page.content.decode()


def test_a_region_moved_in_the_admin_takes_its_places_along_and_its_new_city_page_shows_it_at_once(
    client, client_for, office, regions, django_capture_on_commit_callbacks
):
    nanshan = regions["nanshan"]
    scene.activity("南山区标准化宣传周", region=nanshan)
    assert "南山区标准化宣传周" not in cached_page(client, "/regions/440100/")  # 广州's page

    admin = client_for(office)
    change = f"/admin/benchmarking/region/{nanshan.pk}/change/"
    data = change_form_data(admin.get(change)) | {"parent": "440100"}
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(change, data).status_code == 302
    client.logout()

    nanshan.refresh_from_db()
    assert (nanshan.parent_id, nanshan.city_id, nanshan.province_id) == ("440100", "440100", "440000")
    edits = AuditEvent.objects.filter(target_type="benchmarking.region", target_id=nanshan.pk, actor=office)
    assert {name for edit in edits for name in edit.changes} >= {"parent", "city_id"}
    assert "南山区标准化宣传周" in client.get("/regions/440100/").content.decode()
    assert Region.objects.get(code="440300").city_id == "440300"  # the old city is not touched


def test_an_import_leaves_its_events_and_its_results_are_public_at_once(
    client, office, regions, enterprise_a, tmp_path, django_capture_on_commit_callbacks, eager_celery
):
    plan = make_import_plan()
    assert "口罩甲" not in cached_page(client, "/results/")
    path = write_xlsx(tmp_path / "results.xlsx", [result_row(enterprise_a.uscc, "口罩甲")])
    job = imports.import_job_create(kind="results", actor=office, path=path, options={"plan_version": plan.pk},
                                    enqueue=False)
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_job_run(job_id=job.pk)
    result = BenchmarkResult.objects.get(product_name="口罩甲")
    assert result.status == ReviewStatus.PUBLISHED
    event = ResultEvent.objects.get(result=result)
    assert (event.actor, event.from_status, event.to_status) == (office, "", ReviewStatus.PUBLISHED)
    assert "口罩甲" in client.get("/results/").content.decode()
