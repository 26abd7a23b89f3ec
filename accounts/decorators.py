"""Who may enter a portal page, by role (the rule predicates of ``accounts.rules``)."""

from core.portal import predicate_required

from .rules import is_campaign_office, is_enterprise_user, is_institution_user

enterprise_required = predicate_required(is_enterprise_user)
# The plan pages serve enterprises (their own plans), institutions and the campaign office
# (industry plans) alike.
plan_author_required = predicate_required(is_enterprise_user | is_institution_user | is_campaign_office)
