"""Who may see and do what with a result (django-rules predicates, no permission rows)."""

import rules

from accounts.rules import is_campaign_office, is_city_office, is_enterprise_user


@rules.predicate
def owns_result(user, result) -> bool:
    return bool(result is not None and is_enterprise_user(user) and user.enterprise_id == result.enterprise_id)


@rules.predicate
def reviews_result(user, result) -> bool:
    """The campaign office reviews every result; a city office those of its own city only."""
    if result is None:
        return False
    return bool(is_campaign_office(user) or (is_city_office(user) and user.region_id == result.city_id))


rules.add_perm("results.view_result_workspace", owns_result | reviews_result)
rules.add_perm("results.edit_result", owns_result)
rules.add_perm("results.review_result", reviews_result)


@rules.predicate
def reads_report(user, report) -> bool:
    """A test report's file: the result's enterprise and its reviewers (the campaign office, the
    city office of the result's city). The public pages list reports without their files."""
    return bool(report is not None and (owns_result(user, report.result) or reviews_result(user, report.result)))


rules.add_perm("results.read_report", reads_report)
