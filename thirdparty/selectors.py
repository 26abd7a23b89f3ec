"""Reads of institutions shared by the public directory, the portals, the API and the admin."""

from django.db.models import Prefetch, Q, QuerySet

from .models import AccreditationStatus, Certificate, Institution, InstitutionService

# A searchable picker shows at most this many institutions per search.
PICKER_LIMIT = 30


def accredited_institutions() -> QuerySet[Institution]:
    """Accredited institutions with their region, certificates and services loaded in bulk.

    For the public directory and anything that lists institutions with their details: a page
    of them costs the same few queries whatever its length.
    """
    return (
        Institution.objects.filter(status=AccreditationStatus.ACCREDITED)
        .select_related("region", "province")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("kind", "number")),
            Prefetch(
                "services",
                queryset=InstitutionService.objects.select_related("category").order_by("category__code", "service"),
            ),
        )
    )


def accredited_institution_choices() -> QuerySet[Institution]:
    """The accredited institutions as a plain queryset, for a ModelChoiceField's validation
    (e.g. the issuer of a test report) — no prefetching, as the field only looks rows up."""
    return Institution.objects.filter(status=AccreditationStatus.ACCREDITED).select_related("region")


def search_accredited_institutions(query: str = "", limit: int = PICKER_LIMIT) -> list[Institution]:
    """Accredited institutions whose name, USCC or certificate number matches ``query``, by name.

    For the searchable pickers: the test-report issuer on the enterprise portal (a drop-in for
    ``results.forms.accredited_institutions``) and ``thirdparty:institution_options``.
    """
    query = (query or "").strip()[:100]
    institutions = accredited_institution_choices()
    if query:
        institutions = institutions.filter(
            Q(name__icontains=query) | Q(uscc=query.upper()) | Q(certificates__number=query.upper())
        ).distinct()
    return list(institutions.order_by("name")[:limit])


def institution_for_user(user) -> Institution | None:
    """The institution an institution user acts for, with what its own page shows."""
    if not getattr(user, "institution_id", None):
        return None
    return (
        Institution.objects.select_related("region", "region__parent", "province")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("kind", "number")),
            Prefetch(
                "services",
                queryset=InstitutionService.objects.select_related("category").order_by("category__code", "service"),
            ),
            "events",
        )
        .filter(pk=user.institution_id)
        .first()
    )
