"""Who may see, keep up and decide on an institution (django-rules predicates, no permission rows).

Decisions on accreditation belong to the campaign office alone; a city office may look at the
institutions of its own city; the institution's own users keep its record up to date.
"""

import rules

from accounts.rules import is_campaign_office, is_city_office, is_institution_user


@rules.predicate
def represents_institution(user, institution) -> bool:
    return bool(institution is not None and is_institution_user(user) and user.institution_id == institution.pk)


@rules.predicate
def decides_institution(user, institution) -> bool:
    """Accredit or reject: the campaign office only, never a city office or the institution."""
    return bool(is_campaign_office(user))


def expires_institution(user, institution) -> bool:
    """The daily watch (no actor: the system) or the campaign office."""
    return user is None or bool(is_campaign_office(user))


@rules.predicate
def in_users_city(user, institution) -> bool:
    if institution is None or not is_city_office(user):
        return False
    return institution.region.city_id == user.region_id


@rules.predicate
def views_institution(user, institution) -> bool:
    return bool(
        is_campaign_office(user) or represents_institution(user, institution) or in_users_city(user, institution)
    )


rules.add_perm("thirdparty.decide_institution", decides_institution)
rules.add_perm("thirdparty.manage_own_institution", represents_institution)
rules.add_perm("thirdparty.see_institution", views_institution)


@rules.predicate
def reads_certificate_scan(user, certificate) -> bool:
    """A certificate's scan: whoever may look at its institution (the institution's users, the
    campaign office that accredits it, the city office of its city)."""
    return bool(certificate is not None and views_institution(user, certificate.institution))


rules.add_perm("thirdparty.read_certificate_scan", reads_certificate_scan)
