"""A compared standard is replaced: plans and published results are flagged set-based, each party
is told once per stage, the daily run moves the standard on the replacement's date, the public
page says so beside the verdict, and the enterprise benchmarks again against the plan's new version."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ReviewStatus
from plans import services as plan_services
from results import selectors, services
from results.indicator_values import IndicatorValue
from results.models import BenchmarkResult, StandardChangeFlag, StandardChangeNotice
from results.tasks import standards_daily
from standards.models import StandardEvent, StandardKind, StandardStage, StandardStatus
from standards.services import standard_update
from tests import public_scene as scene

TODAY = timezone.localdate()
IN_FORCE_ON = TODAY + dt.timedelta(days=10)


@pytest.fixture
def replacement(library):
    return scene.standard("GB 2626-2026", title="呼吸防护 自吸过滤式防颗粒物呼吸器", kind=StandardKind.GB_MANDATORY)


@pytest.fixture
def world(respirator_plan, enterprise_a, enterprise_b, institution, replacement):
    """The respirator plan, drafted by ``institution``, with two published results of enterprise A,
    one of B and a draft of A (drafts are not flagged); GB 2626-2026 comes into force in ten days."""
    plan = respirator_plan.plan
    plan.institution = institution
    plan.save(update_fields=["institution"])
    replacement.effective_on = IN_FORCE_ON
    replacement.save(update_fields=["effective_on"])
    filtration, inhalation = (respirator_plan.indicators.get(indicator__key=key).pk
                              for key in ("filtration", "inhalation"))
    values = [IndicatorValue(filtration, tested_value=96.5, unit="%", condition="85 L/min"),
              IndicatorValue(filtration, tested_value=95.5, unit="%", condition="95 L/min"),
              IndicatorValue(inhalation, tested_value=210, unit="Pa", condition="85 L/min"),
              IndicatorValue(inhalation, tested_value=2.0, unit="mbar", condition="95 L/min")]
    published = [scene.result(respirator_plan, enterprise_a, name="KN95 口罩", model="A-1", values=values),
                 scene.result(respirator_plan, enterprise_a, name="KN95 口罩", model="A-2", values=values),
                 scene.result(respirator_plan, enterprise_b, name="防护口罩", model="B-1", values=values)]
    scene.result(respirator_plan, enterprise_a, name="口罩草稿", status=ReviewStatus.DRAFT)
    return {"version": respirator_plan, "published": published}


def announce(office, library, replacement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        standard_update(actor=office, instance=library["gb"], data={"replaced_by": replacement})


def test_an_announced_replacement_flags_plans_and_published_results_and_tells_each_party_once(
        world, office, library, replacement, enterprise_a, enterprise_b, institution, eager_celery,
        enterprise_user_a, enterprise_user_b, institution_user, django_capture_on_commit_callbacks):
    announce(office, library, replacement, django_capture_on_commit_callbacks)

    flags = StandardChangeFlag.objects.filter(standard=library["gb"])
    assert flags.filter(result__isnull=True).count() == 1  # the plan version
    assert set(flags.filter(result__isnull=False).values_list("result_id", flat=True)) == {
        r.pk for r in world["published"]}
    assert set(flags.values_list("stage", flat=True)) == {StandardStage.TO_BE_REPLACED}
    notices = StandardChangeNotice.objects.filter(standard=library["gb"])
    assert sorted((n.enterprise_id or 0, n.institution_id or 0) for n in notices) == sorted(
        [(enterprise_a.pk, 0), (enterprise_b.pk, 0), (0, institution.pk)])
    assert len(mail.outbox) == 3
    assert {user.email for user in (enterprise_user_a, enterprise_user_b, institution_user)} <= {
        address for m in mail.outbox for address in m.to}
    assert all("GB 2626-2019 将被 GB 2626-2026 代替" in m.body for m in mail.outbox)
    assert any(reverse("results:standard_notice", args=[n.pk]) in m.body for n in notices for m in mail.outbox)

    # Running it again (a redelivered task, the daily run) flags and tells nothing new.
    again = services.standard_changes_flag(standard_ids=[library["gb"].pk])
    assert (again.plan_versions, again.results, again.notices) == (0, 0, 0)
    assert len(mail.outbox) == 3


def test_the_daily_run_replaces_the_standard_on_its_replacements_date_and_tells_the_parties_again(
        world, office, library, replacement, eager_celery, django_capture_on_commit_callbacks, monkeypatch):
    announce(office, library, replacement, django_capture_on_commit_callbacks)
    monkeypatch.setattr(timezone, "localdate", lambda *args: IN_FORCE_ON)
    with django_capture_on_commit_callbacks(execute=True):
        standards_daily()

    gb = library["gb"]
    gb.refresh_from_db()
    assert (gb.status, gb.withdrawn_on) == (StandardStatus.REPLACED, IN_FORCE_ON)
    event = StandardEvent.objects.get(standard=gb)
    assert (event.from_status, event.to_status) == (StandardStatus.IN_FORCE, StandardStatus.REPLACED)
    assert set(StandardChangeFlag.objects.filter(standard=gb).values_list("stage", flat=True)) == {
        StandardStage.REPLACED}
    assert StandardChangeNotice.objects.filter(standard=gb, stage=StandardStage.REPLACED).count() == 3


def test_the_public_result_page_says_beside_the_verdict_that_the_standard_was_replaced(
        world, library, replacement, client):
    replacement.effective_on = TODAY - dt.timedelta(days=4)
    replacement.save(update_fields=["effective_on"])
    gb = library["gb"]
    gb.replaced_by = replacement
    gb.status = StandardStatus.REPLACED
    gb.save(update_fields=["replaced_by", "status"])
    page = client.get(reverse("public_results:detail", args=[world["published"][0].pk])).content.decode()
    when = replacement.effective_on.isoformat()
    assert f"比对标准 GB 2626-2019 已被 GB 2626-2026 代替（{when} 实施）" in page
    library_page = client.get(reverse("public_standards:detail", args=[gb.pk])).content.decode()
    assert 'data-stage="replaced"' in library_page and f"（{when} 实施）" in library_page


def test_the_enterprise_benchmarks_again_against_the_plans_new_version_with_the_replacement(
        world, office, library, replacement, enterprise_user_a, institution_user, eager_celery,
        django_capture_on_commit_callbacks, client_for):
    announce(office, library, replacement, django_capture_on_commit_callbacks)
    old = world["published"][0]
    with pytest.raises(Exception, match="尚未发布新版本"):
        services.result_rebenchmark(actor=enterprise_user_a, result=old)

    # The plan's author (the institution) drafts the new version with the replacement; the office approves.
    version = plan_services.plan_new_version(actor=institution_user, plan=old.plan_version.plan,
                                             replacing={library["gb"].pk: replacement.pk})
    assert set(version.standards.values_list("standard__code", flat=True)) == {"GB 2626-2026", "EN 149:2001+A1:2009"}
    plan_services.plan_submit(actor=institution_user, version=version)
    plan_services.plan_approve(actor=office, version=version)

    successor = services.result_rebenchmark(actor=enterprise_user_a, result=old)
    assert (successor.predecessor_id, successor.plan_version_id, successor.status) == (
        old.pk, version.pk, ReviewStatus.DRAFT)
    assert (successor.product_name, successor.model) == (old.product_name, old.model)
    assert sorted((v.tested_value, v.condition) for v in successor.values) == sorted(
        (v.tested_value, v.condition) for v in old.values)
    assert successor.level  # the copied values judged against the new version
    assert services.result_rebenchmark(actor=enterprise_user_a, result=old) == successor  # asked twice
    notice = StandardChangeNotice.objects.get(enterprise=enterprise_user_a.enterprise)
    page = client_for(enterprise_user_a).get(reverse("results:standard_notice", args=[notice.pk])).content.decode()
    row = page[page.index(f'data-result="{old.pk}"'):]
    assert reverse("results:result_detail", args=[successor.pk]) in row[:row.index("</tr>")]

    impact = selectors.standard_change_impact().get(pk=library["gb"].pk)
    assert (impact.plans_affected, impact.results_affected, impact.results_rebenchmarked,
            impact.rebenchmarks_published) == (1, 3, 1, 0)


def test_another_enterprise_cannot_benchmark_again_a_result_not_its_own(world, enterprise_user_b):
    with pytest.raises(Exception, match="无权"):
        services.result_rebenchmark(actor=enterprise_user_b, result=world["published"][0])


def test_flagging_is_set_based_whatever_the_number_of_results(
        respirator_plan, enterprise_a, library, replacement):
    gb = library["gb"]
    gb.replaced_by = replacement
    gb.save(update_fields=["replaced_by"])

    def queries_for(count: int) -> int:
        BenchmarkResult.objects.filter(plan_version=respirator_plan).delete()
        StandardChangeFlag.objects.all().delete()
        StandardChangeNotice.objects.all().delete()
        scene.results(respirator_plan, [enterprise_a], count, model=lambda n: f"M-{n}")
        with CaptureQueriesContext(connection) as queries:
            counts = services.standard_changes_flag(standard_ids=[gb.pk])
        assert counts.results == count
        return len(queries)

    assert queries_for(5) == queries_for(300)


def test_the_notice_pages_show_a_party_its_own_notices_only(
        world, office, library, replacement, enterprise_user_a, enterprise_user_b, client_for, eager_celery,
        django_capture_on_commit_callbacks, django_assert_max_num_queries):
    announce(office, library, replacement, django_capture_on_commit_callbacks)
    notice = StandardChangeNotice.objects.get(enterprise=enterprise_user_a.enterprise)
    client = client_for(enterprise_user_a)
    listing = client.get(reverse("results:standard_notices")).content.decode()
    assert "标准变更通知 (1)" in listing and "GB 2626-2019 将被 GB 2626-2026 代替" in listing
    with django_assert_max_num_queries(16):
        page = client.get(reverse("results:standard_notice", args=[notice.pk]))
    body = page.content.decode()
    assert body.count("data-result=") == 2 and "待方案发布新版本后可重新对标" in body
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "标准变更通知 (1)" not in client.get(reverse("results:standard_notices")).content.decode()
    assert client_for(enterprise_user_b).get(reverse("results:standard_notice", args=[notice.pk])).status_code == 404


def test_the_campaign_office_sees_per_standard_what_is_affected(
        world, office, city_office_a, library, replacement, client_for, eager_celery,
        django_capture_on_commit_callbacks):
    announce(office, library, replacement, django_capture_on_commit_callbacks)
    url = reverse("admin:results_standardchangeimpact_changelist")
    page = client_for(office).get(url)
    assert page.status_code == 200
    row = page.context["cl"].result_list.get(pk=library["gb"].pk)
    assert (row.plans_affected, row.results_affected, row.results_rebenchmarked) == (1, 3, 0)
    assert "GB 2626-2026" in page.content.decode()
    assert client_for(city_office_a).get(url).status_code == 403


def test_a_replacement_whose_date_is_unknown_is_named_without_one(library, replacement):
    gb = library["gb"]
    gb.replaced_by, gb.status = replacement, StandardStatus.REPLACED
    assert gb.change_text(TODAY) == "比对标准 GB 2626-2019 已被 GB 2626-2026 代替"


def test_a_forged_replacement_is_a_plain_new_version_not_an_error(
        world, library, institution_user, client_for):
    client = client_for(institution_user)
    response = client.post(reverse("plans:plan_new_version", args=[world["version"].plan_id]), {"replace": "x'; --"})
    assert response.status_code == 302
    version = world["version"].plan.versions.get(number=2)
    assert set(version.standards.values_list("standard__code", flat=True)) == {"GB 2626-2019", "EN 149:2001+A1:2009"}
