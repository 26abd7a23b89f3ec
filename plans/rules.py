"""Who may draft, see and review technical plans (django-rules predicates)."""

import rules
from django.utils.translation import gettext as _

from accounts.rules import is_campaign_office, is_city_office, is_enterprise_user, is_institution_user
from plans.models import PlanAuthorKind
from thirdparty.models import AccreditationStatus


@rules.predicate
def is_accredited_institution_user(user) -> bool:
    return bool(is_institution_user(user) and user.institution.status == AccreditationStatus.ACCREDITED)


# Who may start a plan: an enterprise (its own), the campaign office and accredited institutions
# (industry plans). An institution that applied, was rejected or whose accreditation expired
# still sees the plans it drafted, but starts none.
drafts_plans = is_enterprise_user | is_campaign_office | is_accredited_institution_user


def why_not_drafting(user) -> str:
    """What a user whom ``drafts_plans`` refuses is told."""
    if is_institution_user(user):
        return _("只有已认定的第三方机构可以起草行业对标方案；本机构目前为“%(state)s”状态，认定通过后即可起草。") % {
            "state": user.institution.get_status_display()
        }
    return _("您无权起草对标方案。")


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
def edits_plan(user, version) -> bool:
    """The author, while it may still draft: an institution whose accreditation lapsed (or was
    revoked) keeps seeing the plans it drafted but changes, submits and re-versions none."""
    return bool(authors_plan(user, version) and (not is_institution_user(user) or is_accredited_institution_user(user)))


def why_not_editing(user, version) -> str:
    """What an author whom ``edits_plan`` refuses is told."""
    if authors_plan(user, version):
        return why_not_drafting(user)
    return _("您无权修改此方案。")


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


rules.add_perm("benchmarking.edit_plan", edits_plan)
rules.add_perm("benchmarking.review_plan", reviews_plan)
