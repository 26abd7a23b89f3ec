"""Who holds a role, for the notices: the reviewers of a city, the campaign office."""

from django.db.models import QuerySet

from .models import Role, User


def active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def active_city_office_users() -> QuerySet[User]:
    """The active accounts of every city's pilot office."""
    return active_users().filter(role=Role.CITY, region__isnull=False)


def city_office_users(city_id: str) -> QuerySet[User]:
    """The active accounts of a city's pilot office (its reviewers)."""
    return active_city_office_users().filter(region_id=city_id)


def campaign_office_users() -> QuerySet[User]:
    """The active accounts of the campaign office (superusers are administrators, not reviewers)."""
    return active_users().filter(role=Role.OFFICE)


def emails(users: QuerySet[User]) -> list[str]:
    return list(users.exclude(email="").values_list("email", flat=True))
