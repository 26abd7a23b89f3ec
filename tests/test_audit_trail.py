"""Every service that changes a reviewed or public object leaves an event row with its actor and
time: a transition event of the object's workflow, or an ``AuditEvent`` of the edit.

The services are found by walking each app's ``services`` module or package, so a new service
with no scenario here (and no stated reason to be exempt) fails ``test_every_service_is_walked``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Role
from benchmarking import services as regions
from benchmarking.models import Region
from companies import services as companies
from companies.models import Enterprise
from core import services as core
from core.models import AuditEvent, ReviewStatus
from plans import services as plans
from results import services as results
from results.indicator_values import IndicatorValue
from standards import services as standards
from standards.models import ComparisonKind, Standard, StandardKind, Translation
from tests import factories
from tests.helpers import attach_report
from tests.upload_files import real_pdf
from thirdparty import services as thirdparty
from thirdparty.models import CertificateKind, Institution, InstitutionKind, ServiceKind
from verdict import Direction

APPS = ("core", "accounts", "standards", "benchmarking", "companies", "thirdparty", "plans", "results")

# Services that change nothing reviewed or public by a person, each with the reason.
EXEMPT = {
    "core.services.audit": "writes the audit row itself",
    "core.services.heartbeat_record": "a worker's liveness signal",
    "core.services.heartbeat_enqueue": "queues a heartbeat",
    "core.services.held_upload_keep": "holds a visitor's file for the next try of a form with errors "
                                      "(no record of anybody's data)",
    "core.services.held_uploads_release": "removes held files once used",
    "core.services.held_uploads_sweep": "removes held files left for an hour",
    "benchmarking.services.reference_data_load": "loads the GB/T 2260 and GB/T 4754 code tables (a command, no actor)",
    "benchmarking.services.regions_write_participation": "an import's write: the import job and its events record "
                                                         "who imported which file when",
    "benchmarking.services.activities_write_imported": "an import's write, recorded by its import job",
    "standards.services.standards_write_imported": "an import's write, recorded by its import job",
    "thirdparty.services.imported.institutions_write_imported": "an import's write; its accreditations are "
                                                                "recorded in bulk (tested with the import)",
    "plans.services.plans_publish_imported": "an import's write; its publications are recorded in bulk "
                                             "(tested with the import)",
    "results.services.drafts.result_recompute": "recomputes the stored level of values another service saved",
    "companies.services.uscc_taken_message": "a message",
    "results.services.workflow.submission_problems": "reads",
    "results.services.imported.imported_transition": "reads the workflow: the transition an import records",
    "companies.services.confirmation_path": "a link",
    "companies.services.user_for_confirmation": "reads",
    "companies.services.enterprise_resend_confirmation": "e-mails the confirmation link again; writes nothing",
    "thirdparty.services.checks.check_certificate_number": "checks",
    "thirdparty.services.checks.check_valid_until": "checks",
    "thirdparty.services.checks.check_region": "checks",
    "thirdparty.services.checks.check_contacts": "checks",
    "thirdparty.services.checks.check_services": "checks",
    "thirdparty.services.accreditation.institutions_watch_certificates": "the daily watch: its expiries go "
                                                                         "through the workflow (tested with it)",
    "plans.services.plan_problem_messages": "messages",
    "results.services.statistics.month_of": "derived statistics",
    "results.services.statistics.cells_of": "derived statistics",
    "results.services.statistics.stats_record_transition": "derived statistics (a transition's delta)",
    "results.services.statistics.stats_record_transitions": "derived statistics (a bulk transition's deltas)",
    "results.services.statistics.stats_apply_pending": "derived statistics",
    "results.services.statistics.stats_rebuild": "derived statistics",
    "results.services.statistics.stats_record_moves": "derived statistics (an import's moves between cells)",
    "results.services.statistics.summary_figures": "derived statistics",
    "results.services.statistics.stats_refresh_summary": "derived statistics",
    "results.services.standard_changes.standard_changes_flag": "flags and notices that follow from a standard's "
                                                               "change, which its own event records",
    "results.services.standard_changes.mail_notices": "e-mails notices already written",
    "results.services.standard_changes.rebenchmark_version": "reads",
    "results.services.standard_changes.standard_notice_read": "marks a notice read: no decision, nothing public",
    "results.services.history.results_link_predecessors": "links a new result to its product's earlier one, "
                                                          "derived from data other services recorded",
    "standards.services.lifecycle_changed_on_commit": "announces a change that the calling service recorded",
    "results.services.ranking.plan_version_rank": "derived 领跑者 ranks, rewritten from the published values",
    "results.services.ranking.plan_versions_rank_all": "derived 领跑者 ranks (the nightly run)",
}


def discovered_services() -> set[str]:
    names = set()
    for app in APPS:
        try:
            root = importlib.import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        modules = [root]
        if hasattr(root, "__path__"):
            modules += [importlib.import_module(f"{root.__name__}.{module.name}")
                        for module in pkgutil.iter_modules(root.__path__)]
        for module in modules:
            for name, function in vars(module).items():
                if not name.startswith("_") and inspect.isfunction(function) and function.__module__ == module.__name__:
                    names.add(f"{module.__name__}.{name}")
    return names


# --- the world the scenarios act in, built through the services --------------------------------------

@dataclass
class World:
    office: Any
    city: Any
    enterprise_user: Any
    institution_user: Any
    enterprise: Enterprise
    institution: Institution
    category: Any
    gb: Standard
    en: Standard
    filtration: Any
    industry_plan: Any  # a published industry plan version


def content(world: World) -> dict:
    return {
        "standards": [plans.StandardInput(world.gb, is_benchmark=True), plans.StandardInput(world.en)],
        "indicators": [plans.IndicatorInput(world.filtration)],
        "requirements": [plans.RequirementInput(world.gb, world.filtration, minimum=95, unit="%"),
                         plans.RequirementInput(world.en, world.filtration, minimum=94, unit="%")],
    }


@pytest.fixture
def world(regions, office, city_office_a, enterprise_a, enterprise_user_a, institution, institution_user):
    category = factories.ProductCategoryFactory(name_zh="防护口罩")
    gb = factories.StandardFactory(code="GB 2626-2019", kind=StandardKind.GB_MANDATORY)
    en = factories.StandardFactory(code="EN 149:2001+A1:2009", kind=StandardKind.REGIONAL, country="EU")
    filtration = factories.IndicatorFactory(key="filtration", name_zh="过滤效率", unit="%",
                                            direction=Direction.HIGHER_BETTER)
    w = World(office, city_office_a, enterprise_user_a, institution_user, enterprise_a, institution, category, gb,
              en, filtration, None)
    version = plans.plan_create(actor=office, category=category, title_zh="行业方案")
    plans.plan_set_content(actor=office, version=version, **content(w))
    plans.plan_submit(actor=office, version=version)
    w.industry_plan = plans.plan_approve(actor=office, version=version)
    return w


def draft_result(w: World, name: str = "口罩"):
    return results.result_create(actor=w.enterprise_user, enterprise=w.enterprise, plan_version=w.industry_plan,
                                 product_name=name)


def submitted_result(w: World):
    result = draft_result(w)
    filtration = w.industry_plan.indicators.get()
    results.result_save_values(actor=w.enterprise_user, result=result, values=[
        IndicatorValue(filtration.pk, tested_value=96.0)])
    attach_report(w.enterprise_user, result)
    return results.result_submit(actor=w.enterprise_user, result=result)


def enterprise_plan(w: World, *, submitted: bool = False):
    version = plans.plan_create(actor=w.enterprise_user, category=w.category, title_zh="企业方案")
    plans.plan_set_content(actor=w.enterprise_user, version=version, **content(w))
    return plans.plan_submit(actor=w.enterprise_user, version=version) if submitted else version


def applied_institution(w: World, suffix: int = 1) -> Institution:
    return thirdparty.institution_register(
        uscc=factories.make_uscc(500 + suffix), name=f"申请机构{suffix}", kind=InstitutionKind.CONSULTING,
        region=Region.objects.get(code="440300"), username=f"applicant{suffix}", password="Jiance-2026!x",
        contact_email=f"a{suffix}@example.cn",
        services=[thirdparty.ServiceInput(w.category, (ServiceKind.PLAN_DRAFTING,))],
    )


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, real_pdf(),
                              content_type="application/pdf")


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


# --- the scenarios: (the object that must get the row, its actor, the call) ---------------------------

Scenario = Callable[[World], tuple[models.Model, Any, Callable[[], Any]]]


def _comparison(w: World, **extra):
    return factories.ComparisonFactory(standard_a=w.gb, standard_b=w.en, kind=ComparisonKind.COMPARISON, **extra)


def _translation(w: World):
    return factories.TranslationFactory(standard=w.gb)


def _published_comparison(w: World):
    comparison = _comparison(w)
    return standards.comparison_publish(actor=w.office, comparison=comparison)


SCENARIOS: dict[str, Scenario] = {
    "accounts.services.password_set": lambda w: (
        w.enterprise_user, w.enterprise_user,
        lambda: accounts.password_set(actor=w.enterprise_user, user=w.enterprise_user, new_password="新的-Passw0rd")),
    # the platform's edit path
    "core.services.model_create": lambda w: (
        obj := Standard(code="GB/T 1-2020", kind=StandardKind.GB_RECOMMENDED, title_zh="标准化工作导则"),
        w.office, lambda: core.model_create(actor=w.office, instance=obj)),
    "core.services.model_update": lambda w: (
        w.gb, w.office, lambda: core.model_update(actor=w.office, instance=w.gb, data={"title_zh": "新名称"})),
    "core.services.model_delete": lambda w: (
        obj := factories.StandardFactory(), w.office, lambda: core.model_delete(actor=w.office, instance=obj)),
    # standards
    "standards.services.comparison_create": lambda w: (
        obj := standards.Comparison(standard_a=w.gb, standard_b=w.en, kind=ComparisonKind.EQUIVALENCE,
                                    title_zh="等效评估", conclusion_zh="相当"),
        w.office, lambda: standards.comparison_create(actor=w.office, instance=obj)),
    "standards.services.comparison_publish": lambda w: (
        obj := _comparison(w), w.office, lambda: standards.comparison_publish(actor=w.office, comparison=obj)),
    "standards.services.comparison_withdraw": lambda w: (
        obj := _published_comparison(w), w.office,
        lambda: standards.comparison_withdraw(actor=w.office, comparison=obj, reason="结论待复核")),
    "standards.services.translation_create": lambda w: (
        obj := Translation(standard=w.gb, language="fr", batch="2021年第一批"), w.office,
        lambda: standards.translation_create(actor=w.office, instance=obj)),
    "standards.services.translation_start": lambda w: (
        obj := _translation(w), w.office, lambda: standards.translation_start(actor=w.office, translation=obj)),
    "standards.services.translation_publish": lambda w: (
        obj := _translation(w), w.office, lambda: standards.translation_publish(actor=w.office, translation=obj)),
    "standards.services.translation_cancel": lambda w: (
        obj := _translation(w), w.office,
        lambda: standards.translation_cancel(actor=w.office, translation=obj, reason="计划取消")),
    "standards.services.standard_update": lambda w: (
        w.en, w.office, lambda: standards.standard_update(actor=w.office, instance=w.en, data={"title_zh": "欧标"})),
    # regions
    "benchmarking.services.region_update": lambda w: (
        obj := Region.objects.get(code="440305"), w.office,
        lambda: regions.region_update(actor=w.office, instance=obj,
                                      data={"parent": Region.objects.get(code="440100")})),
    # enterprises
    "companies.services.enterprise_register": lambda w: (
        None, None, lambda: companies.enterprise_register(
            uscc=factories.make_uscc(777), name="新注册企业", region=Region.objects.get(code="440305"),
            industry=w.enterprise.industry, username="newcomer", password="Qiye-2026!x", contact_name="李四",
            contact_phone="0755-87654321", contact_email="newcomer@example.cn", site_url="http://testserver")),
    "companies.services.enterprise_confirm_account": lambda w: (
        obj := factories.UserFactory(username="inactive", role=Role.ENTERPRISE, enterprise=w.enterprise,
                                     is_active=False),
        obj, lambda: companies.enterprise_confirm_account(user=obj)),
    "companies.services.enterprise_confirm_uscc": lambda w: (
        obj := factories.hold_uscc_for_verification(factories.EnterpriseFactory(name="待核验企业")),
        w.city, lambda: companies.enterprise_confirm_uscc(actor=w.city, enterprise=obj, reason="已核对营业执照")),
    "companies.services.enterprise_correct_uscc": lambda w: (
        obj := factories.hold_uscc_for_verification(factories.EnterpriseFactory(name="误填代码企业")),
        w.city,
        lambda: companies.enterprise_correct_uscc(actor=w.city, enterprise=obj, uscc=factories.make_uscc(9090))),
    "companies.services.enterprise_update_contacts": lambda w: (
        w.enterprise, w.enterprise_user, lambda: companies.enterprise_update_contacts(
            actor=w.enterprise_user, enterprise=w.enterprise, contact_name="王五", contact_phone="0755-11112222",
            contact_email="wang@example.cn")),
    # institutions
    "thirdparty.services.accreditation.institution_accredit": lambda w: (
        obj := applied_institution(w), w.office, lambda: thirdparty.institution_accredit(actor=w.office,
                                                                                           institution=obj)),
    "thirdparty.services.accreditation.institution_reject": lambda w: (
        obj := applied_institution(w), w.office,
        lambda: thirdparty.institution_reject(actor=w.office, institution=obj, reason="资质不符")),
    "thirdparty.services.accreditation.institution_expire": lambda w: (
        w.institution, w.office,
        lambda: thirdparty.institution_expire(actor=w.office, institution=w.institution, reason="证书过期")),
    "thirdparty.services.accreditation.institution_reapply": lambda w: (
        obj := _rejected(w), obj.users.get(), lambda: thirdparty.institution_reapply(actor=obj.users.get(),
                                                                                      institution=obj)),
    "thirdparty.services.registration.institution_register": lambda w: (
        None, None, lambda: applied_institution(w, 2)),
    "thirdparty.services.registration.institution_update": lambda w: (
        w.institution, w.office, lambda: thirdparty.institution_update(
            actor=w.office, instance=w.institution, data={"region": Region.objects.get(code="440100")})),
    "thirdparty.services.registration.institution_update_contacts": lambda w: (
        w.institution, w.institution_user, lambda: thirdparty.institution_update_contacts(
            actor=w.institution_user, institution=w.institution, contact_name="赵六", contact_phone="010-12345678",
            contact_email="zhao@example.cn")),
    "thirdparty.services.registration.institution_save_certificates": lambda w: (
        None, w.institution_user, lambda: thirdparty.institution_save_certificates(
            actor=w.institution_user, institution=w.institution, additions=[
                thirdparty.CertificateInput(CertificateKind.CNAS, "L2468", in_days(365))])),
    "thirdparty.services.registration.institution_set_services": lambda w: (
        w.institution, w.institution_user, lambda: thirdparty.institution_set_services(
            actor=w.institution_user, institution=w.institution,
            services=[thirdparty.ServiceInput(w.category, (ServiceKind.PRODUCT_TESTING,))])),
    # plans
    "plans.services.plan_create": lambda w: (
        None, w.enterprise_user, lambda: plans.plan_create(actor=w.enterprise_user, category=w.category,
                                                           title_zh="企业方案")),
    "plans.services.plan_set_content": lambda w: (
        obj := plans.plan_create(actor=w.enterprise_user, category=w.category, title_zh="企业方案"),
        w.enterprise_user, lambda: plans.plan_set_content(actor=w.enterprise_user, version=obj, **content(w))),
    "plans.services.plan_adopt": lambda w: (
        None, w.enterprise_user, lambda: plans.plan_adopt(actor=w.enterprise_user, industry_version=w.industry_plan)),
    "plans.services.plan_new_version": lambda w: (
        None, w.office, lambda: plans.plan_new_version(actor=w.office, plan=w.industry_plan.plan)),
    "plans.services.plan_submit": lambda w: (
        obj := enterprise_plan(w), w.enterprise_user, lambda: plans.plan_submit(actor=w.enterprise_user,
                                                                               version=obj)),
    "plans.services.plan_approve": lambda w: (
        obj := enterprise_plan(w, submitted=True), w.city, lambda: plans.plan_approve(actor=w.city, version=obj)),
    "plans.services.plan_return": lambda w: (
        obj := enterprise_plan(w, submitted=True), w.city,
        lambda: plans.plan_return(actor=w.city, version=obj, reason="请补充指标")),
    # results
    "results.services.drafts.result_create": lambda w: (None, w.enterprise_user, lambda: draft_result(w, "新产品")),
    "results.services.drafts.result_update_product": lambda w: (
        obj := draft_result(w), w.enterprise_user, lambda: results.result_update_product(
            actor=w.enterprise_user, result=obj, product_name="口罩 Pro", brand="甲牌", model="A1",
            enterprise_standard="Q/XX 1-2023")),
    "results.services.drafts.result_save_values": lambda w: (
        obj := draft_result(w), w.enterprise_user, lambda: results.result_save_values(
            actor=w.enterprise_user, result=obj,
            values=[IndicatorValue(w.industry_plan.indicators.get().pk, tested_value=97.0)])),
    "results.services.drafts.result_remove_report": lambda w: (
        obj := draft_result(w), w.enterprise_user, lambda: results.result_remove_report(
            actor=w.enterprise_user, result=obj, report=attach_report(w.enterprise_user, obj))),
    "results.services.drafts.result_add_report": lambda w: (
        obj := draft_result(w), w.enterprise_user, lambda: results.result_add_report(
            actor=w.enterprise_user, result=obj, report_number="R-001", issued_on=in_days(-10),
            institution=w.institution, upload=pdf())),
    "results.services.workflow.result_submit": lambda w: (
        obj := _with_values(w), w.enterprise_user, lambda: results.result_submit(actor=w.enterprise_user,
                                                                                 result=obj)),
    "results.services.workflow.result_approve": lambda w: (
        obj := submitted_result(w), w.city, lambda: results.result_approve(actor=w.city, result=obj)),
    "results.services.workflow.result_return": lambda w: (
        obj := submitted_result(w), w.city, lambda: results.result_return(actor=w.city, result=obj, reason="补报告")),
    "results.services.verdicts.results_recompute_verdicts": lambda w: (
        _published_with_a_stale_level(w), w.office,
        lambda: results.results_recompute_verdicts(actor=w.office, apply=True)),
    "results.services.history.result_set_improvement": lambda w: (
        obj := _published_short(w), w.enterprise_user, lambda: results.result_set_improvement(
            actor=w.enterprise_user, result=obj, measures="更换熔喷布供应商", due=in_days(180))),
    "results.services.standard_changes.result_rebenchmark": lambda w: (
        None, w.enterprise_user,
        lambda: results.result_rebenchmark(actor=w.enterprise_user, result=_rebenchmarkable(w))),
    "standards.services.standards_apply_due_dates": lambda w: (
        _replacement_in_force(w), None, lambda: standards.standards_apply_due_dates(today=timezone.localdate())),
    "results.services.workflow.result_withdraw": lambda w: (
        obj := results.result_approve(actor=w.city, result=submitted_result(w)), w.enterprise_user,
        lambda: results.result_withdraw(actor=w.enterprise_user, result=obj, reason="产品停产")),
}


def _rejected(w: World) -> Institution:
    institution = applied_institution(w, 3)
    return thirdparty.institution_reject(actor=w.office, institution=institution, reason="资质不符")


def _published_with_a_stale_level(w: World):
    """A published result whose stored level an older rule of the verdict computed."""
    result = results.result_approve(actor=w.city, result=submitted_result(w))
    type(result).objects.filter(pk=result.pk).update(level="incomplete")
    return result


def _published_short(w: World):
    """A published result short of the benchmark (未达标)."""
    result = results.result_approve(actor=w.city, result=submitted_result(w))
    type(result).objects.filter(pk=result.pk).update(level="not_attained")
    return type(result).objects.get(pk=result.pk)


def _rebenchmarkable(w: World):
    """A published result whose plan has published a second version since."""
    result = results.result_approve(actor=w.city, result=submitted_result(w))
    version = plans.plan_new_version(actor=w.office, plan=w.industry_plan.plan)
    plans.plan_approve(actor=w.office, version=plans.plan_submit(actor=w.office, version=version))
    return result


def _replacement_in_force(w: World):
    """GB 2626 to be replaced by a standard in force since yesterday: due today."""
    type(w.en).objects.filter(pk=w.en.pk).update(effective_on=in_days(-1))
    type(w.gb).objects.filter(pk=w.gb.pk).update(replaced_by=w.en)
    return w.gb


def _with_values(w: World):
    result = draft_result(w)
    results.result_save_values(actor=w.enterprise_user, result=result, values=[
        IndicatorValue(w.industry_plan.indicators.get().pk, tested_value=96.0)])
    attach_report(w.enterprise_user, result)
    return result


# --- the checks -------------------------------------------------------------------------------------------

def test_every_service_is_walked():
    """A service is walked below or exempt with its reason; nothing else."""
    assert discovered_services() == set(SCENARIOS) | set(EXEMPT)


def _new_rows(before: dict[type, int]) -> list[Any]:
    rows = []
    for model, last in before.items():
        rows += list(model.objects.filter(pk__gt=last))
    return rows


def _event_models() -> list[type[models.Model]]:
    from django.apps import apps

    from core.models import TransitionEvent

    return [m for m in apps.get_models() if issubclass(m, TransitionEvent)] + [AuditEvent]


def _refers_to(row, obj) -> bool:
    if isinstance(row, AuditEvent):
        return row.target_type == obj._meta.label_lower and row.target_id == str(obj.pk)
    return any(getattr(row, f"{field.name}_id", None) == obj.pk for field in row._meta.fields
               if field.is_relation and field.related_model is type(obj))


@pytest.mark.django_db
@pytest.mark.parametrize("service", sorted(SCENARIOS))
def test_the_service_leaves_an_event_row_with_its_actor_and_time(service, world, eager_celery, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    target, actor, call = SCENARIOS[service](world)
    before = {model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
              for model in _event_models()}
    started = timezone.now()
    returned = call()
    rows = _new_rows(before)
    assert rows, f"{service} left no event row"
    if target is None:  # the service created the object: it is what it returns
        target = returned[0] if isinstance(returned, tuple) else returned
        if not isinstance(target, models.Model):
            target = None
    if target is not None and target.pk is not None:
        about = [row for row in rows if _refers_to(row, target)]
        assert about, f"{service} left no event row about {target!r}: {rows}"
        rows = about
    for row in rows:
        assert row.created_at >= started - dt.timedelta(seconds=1)
        if actor is not None:
            assert row.actor_id == actor.pk and row.actor_name == actor.username, (service, row)


@pytest.mark.django_db
def test_a_refused_service_leaves_no_event_row(world):
    comparison = _comparison(world)
    before = AuditEvent.objects.count(), comparison.events.count()
    with pytest.raises(standards.TransitionRefused):
        standards.comparison_publish(actor=world.city, comparison=comparison)
    assert (AuditEvent.objects.count(), comparison.events.count()) == before
    assert type(comparison).objects.get(pk=comparison.pk).status != ReviewStatus.PUBLISHED
