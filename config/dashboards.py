"""What the admin index shows each office: its waiting queue, its decisions, its progress.

Published figures (levels, months, progress) come from the statistics tables
(``results.stats_selectors``); the queues are aggregate queries over indexed columns (``status``;
``city, status`` on results; ``status`` on plan versions and institutions; ``created_at`` on
events), so a dashboard costs a fixed number of queries whatever the size of the campaign. ``charts`` is what
``static/js/dashboard.js`` draws; it reaches the page through ``json_script`` (the CSP allows no
inline script).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.rules import is_campaign_office, is_city_office
from benchmarking.reviewers import cities_with_reviewer, pilot_cities_without_reviewer
from core.models import ReviewStatus
from plans.models import PlanAuthorKind, PlanEvent, PlanVersion
from results import stats_selectors
from results.models import BenchmarkResult, ResultEvent
from thirdparty.models import AccreditationStatus, Institution

QUEUE_LENGTH = 10  # rows of each waiting list shown
TOP_CITIES = 15
TREND_MONTHS = 12

# The campaign's figures (the real campaign's): what the platform's own counts are measured against.
CAMPAIGN_TARGETS = (
    ("provinces", gettext_noop("参与省份"), 30),
    ("cities", gettext_noop("参与城市"), 188),
    ("pilot_cities", gettext_noop("试点城市"), 115),
    ("enterprises", gettext_noop("参与企业"), 16_092),
    ("plans", gettext_noop("已发布对标技术方案"), 2_798),
    ("results", gettext_noop("已发布产品对标结果"), 32_094),
    ("institutions", gettext_noop("已认定第三方机构"), 225),
)


@dataclass(frozen=True)
class QueueItem:
    kind: str  # 结果 / 方案 / 机构
    title: str
    party: str
    waiting_since: dt.datetime | None
    url: str

    @property
    def waiting_days(self) -> int | None:
        if self.waiting_since is None:
            return None
        return (timezone.now() - self.waiting_since).days


def _month_start() -> dt.datetime:
    return timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _months_back(start: dt.datetime, count: int) -> dt.datetime:
    for _month in range(count):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start


def _change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _result_items(queryset) -> list[QueueItem]:
    return [
        QueueItem(_("产品对标结果"), str(r), r.enterprise.name, r.submitted_at, _change_url(r))
        for r in queryset.select_related("enterprise").order_by("submitted_at", "pk")[:QUEUE_LENGTH]
    ]


def _plan_items(queryset) -> list[QueueItem]:
    return [
        QueueItem(_("对标方案"), f"{v.plan.code} v{v.number} {v.plan.title_zh}", v.plan.drafting_body,
                  v.submitted_at, _change_url(v))
        for v in queryset.select_related("plan").order_by("submitted_at", "pk")[:QUEUE_LENGTH]
    ]


def _decisions(result_events, plan_events) -> dict[str, int]:
    """Approvals and returns since the first of this month (events leaving 'submitted')."""
    since = _month_start()
    counts = {ReviewStatus.PUBLISHED: 0, ReviewStatus.RETURNED: 0}
    decided = [ReviewStatus.PUBLISHED, ReviewStatus.RETURNED]
    for events in (result_events, plan_events):
        rows = (
            events.filter(created_at__gte=since, from_status=ReviewStatus.SUBMITTED, to_status__in=decided)
            .order_by().values("to_status").annotate(n=Count("pk"))
        )
        for row in rows:
            counts[row["to_status"]] += row["n"]
    return {"approved": counts[ReviewStatus.PUBLISHED], "returned": counts[ReviewStatus.RETURNED]}


def _levels_chart(*, city: str = "") -> list[dict[str, Any]]:
    return stats_selectors.levels(city=city).level_items()


def _trend_chart(*, city: str = "") -> dict[str, list]:
    """Results published per month: the twelve months up to the latest publication (this month
    at the latest), so a city whose work ended last year still sees its year of work."""
    by_month = {row.key: row.total for row in stats_selectors.by_month(city=city) if row.total}
    this_month = _month_start()
    latest = max(by_month, default=None)
    end = this_month
    if latest and latest < this_month.strftime("%Y-%m"):
        end = this_month.replace(year=int(latest[:4]), month=int(latest[5:7]))
    start = _months_back(end, TREND_MONTHS - 1)
    months, cursor = [], start.date()
    for _month in range(TREND_MONTHS):
        months.append(cursor.strftime("%Y-%m"))
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    return {"months": months, "values": [by_month.get(month, 0) for month in months]}


def _chart_labels() -> dict[str, str]:
    """The words the charts draw, translated here: static/js/dashboard.js holds no text."""
    return {
        "no_results": _("暂无已发布结果"), "published": _("发布结果"),
        "results": _("产品对标结果"), "plans": _("企业对标方案"),
    }


def city_dashboard(user) -> dict[str, Any]:
    """A city office's: its queue oldest first, its decisions this month, its enterprises' levels."""
    city_id = user.region_id
    results = BenchmarkResult.objects.filter(city_id=city_id)
    waiting_results = results.filter(status=ReviewStatus.SUBMITTED)
    waiting_plans = PlanVersion.objects.filter(
        status=ReviewStatus.SUBMITTED, plan__city_id=city_id, plan__author_kind=PlanAuthorKind.ENTERPRISE
    )
    by_status = dict(results.order_by().values_list("status").annotate(n=Count("pk")))
    queue = sorted(
        _result_items(waiting_results) + _plan_items(waiting_plans),
        key=lambda item: (item.waiting_since is None, item.waiting_since or timezone.now()),
    )
    levels = _levels_chart(city=city_id)
    return {
        "kind": "city",
        "template": "admin/dashboard/city.html",
        "city": user.region.name if user.region_id else "",
        "queue": queue,
        "waiting_results": by_status.get(ReviewStatus.SUBMITTED, 0),
        "waiting_plans": waiting_plans.count(),
        "decisions": _decisions(
            ResultEvent.objects.filter(result__city_id=city_id),
            PlanEvent.objects.filter(version__plan__city_id=city_id),
        ),
        "enterprises": stats_selectors.city_enterprises(city_id),
        "published_results": sum(level["value"] for level in levels),
        "levels": levels,
        "charts": {
            "levels": levels,
            "statuses": [{"key": key, "name": str(label), "value": by_status.get(key, 0)}
                         for key, label in ReviewStatus.choices if by_status.get(key)],
            "trend": _trend_chart(city=city_id),
            "labels": _chart_labels(),
        },
    }


def _queues_by_city() -> list[dict[str, Any]]:
    """Cities with the most submissions waiting: results and enterprise plans, top first."""
    cities: dict[str, dict[str, Any]] = {}
    result_rows = (
        BenchmarkResult.objects.filter(status=ReviewStatus.SUBMITTED).order_by()
        .values("city_id", "city__name").annotate(n=Count("*"))  # "*": from the index alone
    )
    for row in result_rows:
        cities[row["city_id"]] = {"code": row["city_id"], "name": row["city__name"], "results": row["n"], "plans": 0}
    plan_rows = (
        PlanVersion.objects.filter(status=ReviewStatus.SUBMITTED, plan__author_kind=PlanAuthorKind.ENTERPRISE)
        .order_by().values("plan__city_id", "plan__city__name").annotate(n=Count("pk"))
    )
    for row in plan_rows:
        entry = cities.setdefault(
            row["plan__city_id"],
            {"code": row["plan__city_id"], "name": row["plan__city__name"], "results": 0, "plans": 0},
        )
        entry["plans"] = row["n"]
    ranked = sorted(cities.values(), key=lambda c: (-(c["results"] + c["plans"]), c["code"] or ""))
    return ranked


def _cities_without_reviewer(queues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cities the campaign office reviews for (no active city-office account): every pilot
    city without one, and any other city where submissions wait; those with most waiting first.
    Two queries, whatever the number of cities."""
    reviewed = set(cities_with_reviewer().values_list("region_id", flat=True))
    rows = {
        city.code: {"code": city.code, "name": city.name, "pilot": True, "results": 0, "plans": 0}
        for city in pilot_cities_without_reviewer()
    }
    for entry in queues:
        if entry["code"] not in reviewed:
            rows[entry["code"]] = {**rows.get(entry["code"], {"pilot": False}), **entry}
    return sorted(rows.values(), key=lambda c: (-(c["results"] + c["plans"]), c["code"] or ""))


def campaign_progress() -> list[dict[str, Any]]:
    actual = stats_selectors.summary()
    return [
        {"key": key, "name": _(label), "actual": actual.get(key, 0), "target": target,
         "percent": round(100 * actual.get(key, 0) / target, 1) if target else 0}
        for key, label, target in CAMPAIGN_TARGETS
    ]


def office_dashboard(user) -> dict[str, Any]:
    """The campaign office's: queues by city, plans and institutions waiting, progress."""
    cities = _queues_by_city()
    industry_waiting = PlanVersion.objects.filter(
        status=ReviewStatus.SUBMITTED, plan__author_kind=PlanAuthorKind.INDUSTRY
    )
    institutions_waiting = Institution.objects.filter(status=AccreditationStatus.APPLIED)
    top = cities[:TOP_CITIES]
    progress = campaign_progress()
    levels = _levels_chart()
    return {
        "kind": "office",
        "template": "admin/dashboard/office.html",
        "waiting_results": sum(c["results"] for c in cities),
        "waiting_enterprise_plans": sum(c["plans"] for c in cities),
        "waiting_cities": len(cities),
        "unreviewed_cities": _cities_without_reviewer(cities),
        "top_cities": top,
        "industry_plans": _plan_items(industry_waiting),
        "waiting_industry_plans": industry_waiting.count(),
        "institutions": [
            QueueItem(_("第三方机构"), i.name, f"{i.region.name} · {i.get_kind_display()}", i.created_at,
                      _change_url(i))
            for i in institutions_waiting.select_related("region").order_by("created_at", "pk")[:QUEUE_LENGTH]
        ],
        "waiting_institutions": institutions_waiting.count(),
        "decisions": _decisions(ResultEvent.objects.all(), PlanEvent.objects.all()),
        "progress": progress,
        "levels": levels,
        "charts": {
            # Bottom-up for a horizontal bar chart: the busiest city on top.
            "queues": {
                "cities": [c["name"] for c in reversed(top)],
                "results": [c["results"] for c in reversed(top)],
                "plans": [c["plans"] for c in reversed(top)],
            },
            "progress": [{"name": p["name"], "actual": p["actual"], "target": p["target"], "percent": p["percent"]}
                         for p in reversed(progress)],
            "levels": levels,
            "trend": _trend_chart(),
            "labels": _chart_labels(),
        },
    }


def dashboard_for(user) -> dict[str, Any] | None:
    """The dashboard of this admin user's role, or None (a superuser with no role sees the office's)."""
    if is_campaign_office(user):
        return office_dashboard(user)
    if is_city_office(user):
        return city_dashboard(user)
    return None
