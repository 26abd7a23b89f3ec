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


def awaiting_confirmation(user: User | None) -> bool:
    """An enterprise account registered but never confirmed by its e-mailed link (an account the
    offices deactivated has signed in before, and is not offered a new link)."""
    return bool(
        user is not None and not user.is_active and user.role == Role.ENTERPRISE and user.enterprise_id
        and user.last_login is None
    )
