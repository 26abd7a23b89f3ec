"""Who may draft, see and review technical plans (django-rules predicates)."""

import rules

from accounts.rules import is_campaign_office, is_city_office, is_enterprise_user, is_institution_user
from plans.models import PlanAuthorKind


@rules.predicate
def authors_plan(user, version) -> bool:
    """The enterprise or institution that drafts the plan; the campaign office for its own."""
    if version is None:
        return False
    plan = version.plan
    if plan.author_kind == PlanAuthorKind.ENTERPRISE:
        return bool(is_enterprise_user(user) and user.enterprise_id == plan.enterprise_id)
    if plan.institution_id is not None:
        return bool(is_institution_user(user) and user.institution_id == plan.institution_id)
    return bool(is_campaign_office(user))


@rules.predicate
def reviews_plan(user, version) -> bool:
    """Enterprise plans: the campaign office or the enterprise's city office. Industry plans:
    the campaign office only."""
    if version is None:
        return False
    plan = version.plan
    if is_campaign_office(user):
        return True
    return bool(
        plan.author_kind == PlanAuthorKind.ENTERPRISE and is_city_office(user) and user.region_id == plan.city_id
    )


rules.add_perm("benchmarking.edit_plan", authors_plan)
rules.add_perm("benchmarking.review_plan", reviews_plan)
