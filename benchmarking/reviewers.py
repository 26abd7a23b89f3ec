"""Who reviews a submission: the one answer the notices, the enterprise's pages and the dashboards share.

An enterprise's plan or result is reviewed by the pilot office of its city when that office has an
active account; otherwise by the campaign office, which reviews everything anyway (``reviews_result``,
``reviews_plan``) and is then the one told. Industry plans and institutions are the campaign
office's alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.selectors import active_city_office_users, campaign_office_users, city_office_users, emails

from .models import Region
from .selectors import cities


@dataclass(frozen=True)
class ReviewingOffice:
    """The office a submission waits for: a city's pilot office, or the campaign office (city None)."""

    city: Region | None

    @property
    def is_campaign_office(self) -> bool:
        return self.city is None

    @property
    def name(self) -> str:
        if self.city is None:
            return _("百千万行动办公室")
        return _("%(city)s试点办公室") % {"city": self.city.name}

    def users(self):
        return campaign_office_users() if self.city is None else city_office_users(self.city.code)

    def addresses(self) -> list[str]:
        return emails(self.users())


CAMPAIGN_OFFICE = ReviewingOffice(city=None)


def reviewing_office(city: Region | None) -> ReviewingOffice:
    """The reviewer of an enterprise's submission in ``city`` (one query): its pilot office if that
    has an active account, else the campaign office. ``None`` (no city: industry plans, institutions)
    is the campaign office's."""
    if city is not None and city_office_users(city.code).exists():
        return ReviewingOffice(city=city)
    return CAMPAIGN_OFFICE


def cities_with_reviewer() -> QuerySet:
    """The codes of the cities whose pilot office has an active account (a subquery, or one query)."""
    return active_city_office_users().values("region_id")


def pilot_cities_without_reviewer() -> QuerySet[Region]:
    """Pilot cities no active city-office account reviews for: the campaign office reviews there."""
    return (
        cities().filter(pilot_since__isnull=False).exclude(code__in=cities_with_reviewer())
        .only("code", "name", "name_en", "pilot_since").order_by("code")
    )
