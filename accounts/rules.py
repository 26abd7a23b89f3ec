"""Who someone is, as rule predicates (django-rules). Object-level rules live in each app."""

import rules

from .models import Role


@rules.predicate
def is_campaign_office(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.OFFICE))


@rules.predicate
def is_city_office(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.CITY and user.region_id)


@rules.predicate
def is_enterprise_user(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.ENTERPRISE and user.enterprise_id)


@rules.predicate
def is_institution_user(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.INSTITUTION and user.institution_id)
