"""Filter backends shared by the open API's viewsets (infrastructure: imports none of our models)."""

import django_filters
from rest_framework import filters


class StableOrdering(filters.OrderingFilter):
    """``?ordering=field`` (or ``-field``) on the cursor-paginated lists. The primary key is added
    as the last key in the same direction, so rows that tie on the field still come in one fixed
    order and the cursor (which resumes after the last value, counting ties) never repeats or skips."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        fields = list(ordering)
        if fields[-1].lstrip("-") not in ("pk", "id"):
            fields.append("-pk" if fields[0].startswith("-") else "pk")
        return fields


API_FILTERS = [django_filters.rest_framework.DjangoFilterBackend, filters.SearchFilter, StableOrdering]
