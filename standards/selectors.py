"""Reads of the standards library shared by the public pages, the API and the admin."""

from django.db.models import QuerySet

from .models import Comparison, ComparisonStatus, Standard, Translation, TranslationStatus

# The anti-epidemic product classes are the tags of this group.
EPIDEMIC_TAG_GROUP = "epidemic"


def published_comparisons() -> QuerySet[Comparison]:
    """Comparisons and equivalence assessments made public, with their two standards and the
    foreign recognitions (one query each, whatever the number of rows); drafts and withdrawn
    ones are not."""
    return (
        Comparison.objects.filter(status=ComparisonStatus.PUBLISHED)
        .select_related("standard_a", "standard_b")
        .prefetch_related("recognitions")
    )


def published_translations() -> QuerySet[Translation]:
    """Foreign-language versions that are published; planned ones and those in translation are not."""
    return Translation.objects.filter(status=TranslationStatus.PUBLISHED).select_related("standard")


def standard_countries_and_bodies() -> tuple[list[str], list[str]]:
    """The countries (ISO 3166 codes) and the issuing bodies of the library, for the filters."""
    rows = Standard.objects.order_by().values_list("country", "issuing_body").distinct()
    countries, bodies = set(), set()
    for country, body in rows:
        if country:
            countries.add(country)
        if body:
            bodies.add(body)
    return sorted(countries), sorted(bodies)
