"""Reads of the standards library shared by the public pages, the API and the admin."""

from dataclasses import dataclass

from django.db.models import QuerySet

from core.public_cache import Area, cached_until_changed

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


@dataclass(frozen=True)
class IssuingBody:
    """A body that issued standards of the library: its name as stored (what the filter matches)
    and its English name where a standard gives one. The fields are named as the standard's, so
    that the templates' ``loc`` filter labels it in the visitor's language."""

    issuing_body: str
    issuing_body_en: str = ""


def standard_countries_and_bodies() -> tuple[list[str], list[IssuingBody]]:
    """The countries (ISO 3166 codes) and the issuing bodies of the library, for the filters:
    kept in the cache until the library changes (every write bumps its public area). Reading them
    is a scan of the whole library: 94 ms a page view at 396,000 standards (scale 100)."""
    return cached_until_changed("standards:filter-options", _countries_and_bodies, Area.STANDARDS)


def _countries_and_bodies() -> tuple[list[str], list[IssuingBody]]:
    rows = Standard.objects.order_by().values_list("country", "issuing_body", "issuing_body_en").distinct()
    countries: set[str] = set()
    english: dict[str, set[str]] = {}  # body → its English names
    for country, body, body_en in rows:
        if country:
            countries.add(country)
        if body:
            names = english.setdefault(body, set())
            if body_en:
                names.add(body_en)
    # A body named in English on some of its standards only is still known in English; should two
    # spellings be stored, the same one is shown on every request.
    bodies = [IssuingBody(body, min(names, default="")) for body, names in sorted(english.items())]
    return sorted(countries), bodies
