"""Delete the campaign data a demo seed writes, keeping the reference data (regions, industries)
and the cited seed library. Raw deletes in dependency order: the ORM's cascade collector would
load every row of a large demo into memory first. The history goes first: event rows are
append-only, so a demo database is wiped only inside ``purging_events``, and they protect the
objects and accounts they name."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from benchmarking.models import Activity, ProductCategory, Region
from companies.models import Enterprise
from core.append_only import purging_events
from core.models import AuditEvent, ImportJob, ImportJobEvent
from plans.models import PlanEvent, PlanIndicator, PlanRequirement, PlanStandard, PlanVersion, TechnicalPlan
from results.models import (
    BenchmarkResult,
    ResultEvent,
    StandardChangeFlag,
    StandardChangeNotice,
    StatDelta,
    TestReport,
)
from standards import seed_data
from standards.models import (
    Comparison,
    ComparisonEvent,
    ComparisonItem,
    Indicator,
    InternationalProposal,
    Recognition,
    Requirement,
    Standard,
    StandardEvent,
    Translation,
    TranslationEvent,
)
from thirdparty.models import Certificate, Institution, InstitutionEvent, InstitutionService

from ..catalog_data import TEMPLATES_BY_KEY
from .users import DEMO_USERNAMES


def _raw_delete(queryset) -> int:
    return queryset._raw_delete(queryset.db)


def flush_campaign_data() -> dict[str, int]:
    with transaction.atomic(), purging_events():
        return _flush()


def _flush() -> dict[str, int]:
    deleted: dict[str, int] = {}

    def delete(label: str, queryset) -> None:
        deleted[label] = deleted.get(label, 0) + _raw_delete(queryset)

    for model in (ResultEvent, PlanEvent, InstitutionEvent, TranslationEvent, ImportJobEvent, AuditEvent):
        delete(model._meta.label, model.objects.all())
    delete(ImportJob._meta.label, ImportJob.objects.all())  # the demo's own uploads, run by its logins
    for model in (StandardChangeNotice, StandardChangeFlag, StatDelta, TestReport, BenchmarkResult,
                  PlanRequirement, PlanIndicator, PlanStandard, PlanVersion, TechnicalPlan):
        delete(model._meta.label, model.objects.all())
    # Synthetic standards are every standard the cited seed does not name; the comparisons of the
    # cited ones stay, with their history and the logins that decided them.
    cited = [s.code for s in seed_data.ALL_STANDARDS]
    synthetic = Standard.objects.exclude(code__in=cited)
    comparisons = Comparison.objects.filter(Q(standard_a__in=synthetic) | Q(standard_b__in=synthetic))
    kept_actors = ComparisonEvent.objects.exclude(comparison__in=comparisons).exclude(actor=None).values("actor")
    # Logins bound to enterprises or institutions go with them; the demo logins are recreated.
    users = User.objects.filter(
        Q(enterprise__isnull=False) | Q(institution__isnull=False) | Q(username__in=DEMO_USERNAMES)
    ).exclude(pk__in=kept_actors)
    deleted["accounts.User"] = users.delete()[1].get("accounts.User", 0)
    for model in (InstitutionService, Certificate, Institution, Enterprise, Activity, Translation):
        delete(model._meta.label, model.objects.all())
    delete("standards.InternationalProposal_tags", InternationalProposal.tags.through.objects.all())
    delete(InternationalProposal._meta.label, InternationalProposal.objects.all())

    Standard.objects.filter(replaced_by__in=synthetic).update(replaced_by=None)
    delete("standards.Standard_tags", Standard.tags.through.objects.filter(standard__in=synthetic))
    delete(Requirement._meta.label, Requirement.objects.filter(standard__in=synthetic))
    delete(StandardEvent._meta.label, StandardEvent.objects.filter(standard__in=synthetic))
    delete(ComparisonEvent._meta.label, ComparisonEvent.objects.filter(comparison__in=comparisons))
    delete(ComparisonItem._meta.label, ComparisonItem.objects.filter(comparison__in=comparisons))
    delete(Recognition._meta.label, Recognition.objects.filter(comparison__in=comparisons))
    delete(Comparison._meta.label, comparisons)
    delete(Standard._meta.label, synthetic)
    delete(Indicator._meta.label, Indicator.objects.filter(key__in=TEMPLATES_BY_KEY).exclude(
        key__in=[i.key for i in seed_data.ALL_INDICATORS]))
    delete(ProductCategory._meta.label, ProductCategory.objects.all())
    Region.objects.exclude(taking_part_since=None, pilot_since=None).update(taking_part_since=None, pilot_since=None)
    return deleted
