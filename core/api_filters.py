"""Filter backends shared by the open API's viewsets (infrastructure: imports none of our models)."""

import django_filters
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError


class StableOrdering(filters.OrderingFilter):
    """``?ordering=field`` (or ``-field``) on the cursor-paginated lists. The primary key is added
    as the last key in the same direction, so rows that tie on the field still come in one fixed
    order and the cursor (which resumes after the last value, counting ties) never repeats or skips."""

    def allowed(self, view) -> list[str]:
        return [f"{sign}{name}" for name in (view.ordering_fields or []) for sign in ("", "-")]

    def get_ordering(self, request, queryset, view):
        asked = request.query_params.get(self.ordering_param)
        if asked is not None:
            terms = [term.strip() for term in asked.split(",")]
            unknown = [term for term in terms if term not in self.allowed(view)]
            if unknown or not any(terms):
                # Never quietly ignored: a client must know its order was not applied.
                raise ValidationError({self.ordering_param: [_("不能按“%(term)s”排序；可选：%(allowed)s。") % {
                    "term": "、".join(unknown) or asked, "allowed": "、".join(self.allowed(view))}]})
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        fields = list(ordering)
        if fields[-1].lstrip("-") not in ("pk", "id"):
            fields.append("-pk" if fields[0].startswith("-") else "pk")
        return fields


    def get_schema_operation_parameters(self, view):
        return [{
            "name": self.ordering_param, "required": False, "in": "query",
            "description": "Sort order: one of the values (a leading '-' reverses it); anything else is a 400.",
            "schema": {"type": "string", "enum": self.allowed(view)},
        }]


class CodeFilterSet(django_filters.FilterSet):
    """A relation is filtered by its key as written (a region, industry or category code): a
    well-formed code that names nothing finds nothing, as any other filter value does, rather
    than being refused as "not one of the choices" (which no client can know in advance)."""

    REGION_CODES = ("province", "city", "region")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REGION_CODES:
            if isinstance(self.filters.get(name), django_filters.CharFilter):
                # A region is named by its six-digit code (GB/T 2260); anything else is a mistake.
                self.filters[name].extra["validators"] = [RegexValidator(
                    r"^\d{6}$", _("请填写六位行政区划代码，例如 440300。"), code="region_code")]

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        if field.is_relation and lookup_type == "exact":
            target = field.target_field
            number = target.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField", "BigIntegerField")
            return (django_filters.NumberFilter if number else django_filters.CharFilter), {}
        return super().filter_for_lookup(field, lookup_type)


class CodeFilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    filterset_base = CodeFilterSet


API_FILTERS = [CodeFilterBackend, filters.SearchFilter, StableOrdering]
