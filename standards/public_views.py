"""Public pages of the standards library: standards, published foreign-language versions, and
published comparisons and equivalence assessments."""

from datetime import date

import django_filters
from django.db.models import DateField, Prefetch, Q, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.keyset import Sort
from core.public_cache import Area, cached_public_page
from core.public_listing import public_list
from core.templatetags.public_tags import loc
from verdict import requirement_text

from .api import StandardFilter
from .models import (
    ComparisonItem,
    ComparisonKind,
    Relation,
    Standard,
    StandardKind,
    StandardStage,
    StandardStatus,
    StandardTag,
)
from .selectors import (
    EPIDEMIC_TAG_GROUP,
    published_comparisons,
    published_translations,
    standard_countries_and_bodies,
)

INTERNATIONAL = "intl"  # the "country" of international standards, which have none
_LONG_AGO = Value(date(1, 1, 1), output_field=DateField())


# --- Standards ----------------------------------------------------------------------------------

class PublicStandardFilter(StandardFilter):
    q = django_filters.CharFilter(method="filter_text", max_length=100)
    country = django_filters.CharFilter(method="filter_country", max_length=8)
    body = django_filters.CharFilter(field_name="issuing_body", max_length=200)
    tag = django_filters.CharFilter(field_name="tags__slug", max_length=60)

    class Meta(StandardFilter.Meta):
        fields = ["q", "kind", "status", "country", "body", "tag"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(code__icontains=value) | Q(title_zh__icontains=value) | Q(title_en__icontains=value)
        ) if value else queryset

    def filter_country(self, queryset, name, value):
        return queryset.filter(country="" if value == INTERNATIONAL else value.upper())


STANDARD_SORTS = {
    "code": Sort(_("按标准号"), ("code", "pk")),
    "newest": Sort(_("最新发布在前"), ("-issued", "-pk"), {"issued": Coalesce("published_on", _LONG_AGO)}),
    "oldest": Sort(_("最早发布在前"), ("issued", "pk"), {"issued": Coalesce("published_on", _LONG_AGO)}),
}


@require_safe
@cached_public_page(areas=(Area.STANDARDS,))
def standard_list(request):
    listing = public_list(request, queryset=Standard.objects.prefetch_related("tags"), sorts=STANDARD_SORTS,
                          filterset_class=PublicStandardFilter)
    countries, bodies = standard_countries_and_bodies()
    bodies.sort(key=lambda body: loc(body, "issuing_body"))  # in the order of the names the visitor reads
    return render(request, "public/standard_list.html", {
        "listing": listing,
        "kinds": StandardKind.choices,
        "statuses": StandardStatus.choices,
        "countries": countries,
        "bodies": bodies,
        "international": INTERNATIONAL,
        "tags": StandardTag.objects.filter(group=EPIDEMIC_TAG_GROUP).order_by("slug"),
    })


@require_safe
@cached_public_page(areas=(Area.STANDARDS,))
def standard_detail(request, pk: int):
    standard = get_object_or_404(Standard.objects.select_related("replaced_by").prefetch_related("tags"), pk=pk)
    requirements = [
        (requirement, requirement_text(requirement.indicator.direction, requirement.minimum, requirement.maximum,
                                 requirement.unit or requirement.indicator.unit))
        for requirement in standard.requirements.select_related("indicator").order_by(
            "indicator__name_zh", "indicator_id", "grade", "condition", "pk"
        )
    ]
    stage = StandardStage(standard.stage(timezone.localdate()))
    return render(request, "public/standard_detail.html", {
        "standard": standard,
        "stage": stage,
        "requirements": requirements,
        "replaces": standard.replaces.order_by("code"),
        # A national adoption (BS EN 149…) names what it adopts; linked when the library has it.
        "adopted": Standard.objects.filter(code=standard.adopted_code).first() if standard.adopted_code else None,
        "comparisons": published_comparisons().filter(Q(standard_a=standard) | Q(standard_b=standard))
        .order_by("-published_on", "pk"),
        "translations": published_translations().filter(standard=standard).order_by("language"),
    })


# --- Foreign-language versions ------------------------------------------------------------------

class TranslationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", max_length=100)
    batch = django_filters.CharFilter(max_length=40)
    language = django_filters.CharFilter(max_length=10)
    country = django_filters.CharFilter(field_name="requested_by_country", max_length=8)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(standard__code__icontains=value) | Q(standard__title_zh__icontains=value)
            | Q(standard__title_en__icontains=value)
        ) if value else queryset


TRANSLATION_SORTS = {
    "newest": Sort(_("最新发布在前"), ("-published_on", "-pk")),
    "code": Sort(_("按标准号"), ("standard__code", "pk")),
    "batch": Sort(_("按批次"), ("batch", "pk")),
}


@require_safe
@cached_public_page(areas=(Area.STANDARDS,))
def translation_list(request):
    listing = public_list(request, queryset=published_translations(), sorts=TRANSLATION_SORTS,
                          filterset_class=TranslationFilter)
    # The choices come from published versions only: a planned batch's name is not public yet.
    choices = list(published_translations().order_by().values_list("batch", "language", "requested_by_country")
                   .distinct())
    return render(request, "public/translation_list.html", {
        "listing": listing,
        "batches": sorted({batch for batch, _language, _country in choices}),
        "language_choices": sorted({language for _batch, language, _country in choices}),
        "countries": sorted({country for _batch, _language, country in choices if country}),
    })


# --- Comparisons and equivalence assessments ----------------------------------------------------

class ComparisonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", max_length=100)
    kind = django_filters.ChoiceFilter(choices=ComparisonKind.choices)
    standard = django_filters.CharFilter(method="filter_standard", max_length=80)
    recognized = django_filters.BooleanFilter(method="filter_recognized")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(title_zh__icontains=value) | Q(title_en__icontains=value)
            | Q(standard_a__code__icontains=value) | Q(standard_b__code__icontains=value)
        ) if value else queryset

    def filter_standard(self, queryset, name, value):
        return queryset.filter(Q(standard_a__code=value) | Q(standard_b__code=value))

    def filter_recognized(self, queryset, name, value):
        if value is None:
            return queryset
        recognized = Q(pk__in=published_comparisons().filter(recognitions__isnull=False).values("pk"))
        return queryset.filter(recognized if value else ~recognized)


COMPARISON_SORTS = {
    "newest": Sort(_("最新公开在前"), ("-shown", "-pk"), {"shown": Coalesce("published_on", _LONG_AGO)}),
    "title": Sort(_("按标题"), ("title_zh", "pk")),
}


@require_safe
@cached_public_page(areas=(Area.STANDARDS,))
def comparison_list(request):
    listing = public_list(request, queryset=published_comparisons(), sorts=COMPARISON_SORTS,
                          filterset_class=ComparisonFilter)
    return render(request, "public/comparison_list.html", {"listing": listing, "kinds": ComparisonKind.choices})


@require_safe
@cached_public_page(areas=(Area.STANDARDS,))
def comparison_detail(request, pk: int):
    comparison = get_object_or_404(
        published_comparisons().prefetch_related(
            Prefetch("items", queryset=ComparisonItem.objects.select_related("indicator").order_by("position", "pk")),
        ),
        pk=pk,
    )
    items = list(comparison.items.all())
    tally = dict.fromkeys(Relation.values, 0)
    for item in items:
        tally[item.relation] = tally.get(item.relation, 0) + 1
    return render(request, "public/comparison_detail.html", {
        "comparison": comparison,
        "items": items,
        "tally": [(value, label, tally[value]) for value, label in Relation.choices],
        "recognitions": comparison.recognitions.all(),
    })
