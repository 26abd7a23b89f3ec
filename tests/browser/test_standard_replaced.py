"""GB 2626-2019 is to be replaced by GB 2626-2026: the institution that drafted the plan is told and
drafts the plan's new version with the replacement in one click; once it is published, the
enterprise is told, benchmarks its mask again (values pre-filled) and the public page of the old
result says what happened to its standard."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from plans import services as plan_services
from plans.models import PlanVersion
from results.indicator_values import IndicatorValue
from results.models import BenchmarkResult
from standards.models import StandardKind
from standards.services import standard_update
from tests import public_scene as scene
from tests.browser.test_enterprise_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_replaced_standard_leads_the_author_and_the_enterprise_to_benchmark_again(
    page, browser, live_server, screenshot, respirator_plan, enterprise_user_a, institution, institution_user,
    office, eager_celery,
):
    plan = respirator_plan.plan
    plan.institution = institution
    plan.save(update_fields=["institution"])
    mask = scene.result(respirator_plan, enterprise_user_a.enterprise, name="KN95 口罩", brand="甲牌", model="A-1",
                        values=[IndicatorValue(respirator_plan.indicators.get(indicator__key=key).pk,
                                               tested_value=value, unit=unit, condition=condition)
                                for key, value, unit, condition in [
                                    ("filtration", 96.5, "%", "85 L/min"), ("filtration", 95.5, "%", "95 L/min"),
                                    ("inhalation", 210, "Pa", "85 L/min"), ("inhalation", 2.0, "mbar", "95 L/min")]])
    in_force_on = timezone.localdate() + dt.timedelta(days=30)
    replacement = scene.standard("GB 2626-2026", title="呼吸防护 自吸过滤式防颗粒物呼吸器",
                                 kind=StandardKind.GB_MANDATORY)
    replacement.effective_on = in_force_on
    replacement.save(update_fields=["effective_on"])
    gb = respirator_plan.standards.get(standard__code="GB 2626-2019").standard
    standard_update(actor=office, instance=gb, data={"replaced_by": replacement})  # commits: the worker flags

    # The institution that drafted the plan.
    log_in(page, institution_user.username, "correct-horse-battery")
    page.get_by_role("link", name="标准变更通知 (1)").click()
    change = f"比对标准 GB 2626-2019 将被 GB 2626-2026 代替（{in_force_on.isoformat()} 实施）"
    page.get_by_role("link", name=change).click()
    expect(page.locator("#notice-plans")).to_contain_text(plan.code)
    screenshot(page, "institution-notice")
    page.get_by_role("button", name="以 GB 2626-2026 新建方案版本").click()
    expect(page.get_by_text("GB 2626-2019 已换为 GB 2626-2026")).to_be_visible()
    version = PlanVersion.objects.get(plan=plan, number=2)
    assert set(version.standards.values_list("standard__code", flat=True)) == {"GB 2626-2026", "EN 149:2001+A1:2009"}
    page.goto(reverse("plans:version_detail", args=[version.pk]))
    page.get_by_role("button", name="提交审核").click()
    plan_services.plan_approve(actor=office, version=PlanVersion.objects.get(pk=version.pk))

    # The enterprise.
    page.context.clear_cookies()
    log_in(page, enterprise_user_a.username, "correct-horse-battery")
    page.get_by_role("link", name="标准变更通知 (1)").click()
    page.get_by_role("link", name=change).click()
    row = page.locator(f'#notice-results [data-result="{mask.pk}"]')
    expect(row).to_contain_text("KN95 口罩")
    screenshot(page, "enterprise-notice")
    row.get_by_role("button", name="按新版本重新对标").click()
    expect(page.get_by_text("产品信息和指标值已从原结果预填")).to_be_visible()
    expect(page.locator("#predecessor-note")).to_contain_text("按方案第 1 版的对标结果")
    successor = BenchmarkResult.objects.get(predecessor=mask)
    assert successor.plan_version_id == version.pk and len(successor.values) == 4
    screenshot(page, "rebenchmark-draft")

    # Anyone reading the old result's public page.
    page.goto(reverse("public_results:detail", args=[mask.pk]))
    expect(page.locator("[data-standard-change]")).to_have_text(change)
    screenshot(page, "public-result-standard-change")
