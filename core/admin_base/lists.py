"""Changelists of the tables that grow with the campaign: no full counts."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import cached_property

from .. import public_listing
from ..public_listing import Matches, estimated_rows


class EstimatedCountPaginator(Paginator):
    """Pages the big tables without counting them whole.

    The one numbered (OFFSET) pagination left, because Django's changelist needs a ``Paginator``:
    it asks for ``count`` and ``page(n)`` and renders page numbers, which keyset pages cannot give.
    Admin lists are filtered staff tools, seldom paged deep; public pages and the API use the
    keyset pagination of ``core.keyset``.

    Django's changelist counts the whole filtered queryset on every page: at scale 30 a level or
    a broad search matched 600,000 rows and its count took 120–455 ms of the page. On PostgreSQL
    an unfiltered list takes the planner's row estimate of the table (pg_class.reltuples, kept
    current by autovacuum), and a filtered one is counted exactly up to ``EXACT_UP_TO`` rows and
    beyond takes the planner's estimate of its query; the page then says “约” (about) before a
    rounded figure (``templates/admin/pagination.html``). A city office's list is always filtered
    (its scope), and counted exactly as far as that goes.
    """

    EXACT_UP_TO = 10_000

    @cached_property
    def matches(self) -> Matches:
        queryset = self.object_list
        if connections[queryset.db].vendor != "postgresql":
            return Matches(super().count, True)
        query = queryset.query
        if query.distinct:
            return Matches(super().count, True)
        if not query.where:
            estimate = estimated_rows(queryset.model)
            if estimate is not None and estimate > self.EXACT_UP_TO:
                return Matches(estimate, False)
        return public_listing.matches(queryset, exact_up_to=self.EXACT_UP_TO)

    @cached_property
    def count(self) -> int:
        return self.matches.count

    @property
    def estimated(self) -> bool:
        return not self.matches.exact

    def page(self, number):
        """A whole page wherever the estimate ends: Django's last page stops at the count."""
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom:bottom + self.per_page], number, self)

    def validate_number(self, number):
        """An estimate may fall short of the rows: a page past it is read all the same (and is
        empty past the last row), so that paging on from the last numbered page reaches them."""
        try:
            return super().validate_number(number)
        except EmptyPage:
            if self.estimated and int(number) > 1:
                return int(number)
            raise


def drilled_into(params, date_hierarchy: str | None) -> bool:
    """The user chose a year (month, day) of the date hierarchy."""
    return bool(date_hierarchy) and any(key.startswith(f"{date_hierarchy}__") for key in params)


class SearchedChangeList(ChangeList):
    """A search is a look-up, not a browse: its list shows no date hierarchy unless the user has
    drilled into one. The hierarchy reads the first and last date and every year of the matches,
    two queries over all of them (a code's first digits match 300,000 results at scale 100)."""

    def __init__(self, request, model, list_display, list_display_links, list_filter, date_hierarchy, *args,
                 **kwargs):
        if request.GET.get(SEARCH_VAR, "").strip() and not drilled_into(request.GET, date_hierarchy):
            date_hierarchy = None
        super().__init__(request, model, list_display, list_display_links, list_filter, date_hierarchy, *args,
                         **kwargs)


class BigTableAdmin(admin.ModelAdmin):
    """For tables that grow with the campaign: no full counts, no N+1."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50
    # The column (a few values: a status) that the date hierarchy's field is indexed after, in the
    # indexes the list's filters use. Set, the hierarchy's years are found by index look-ups per
    # value of it; unset, by Django's DISTINCT over every row (0.3 s of the results list's 0.47 s
    # at scale 30, bench/README.md "search").
    date_hierarchy_indexed_after: str | None = None

    def get_changelist(self, request, **kwargs):
        return SearchedChangeList

    def date_hierarchy_years(self, changelist: ChangeList) -> list[int] | None:
        """The years (local time) in which the list's rows fall, newest last; None where Django's
        own hierarchy applies (no indexed column named, or the user drilled into a year). Per
        value of the column, the latest date, then the latest before that date's year, and so on:
        one look-up at the end of an index per year."""
        field, after = changelist.date_hierarchy, self.date_hierarchy_indexed_after
        if not field or after is None or drilled_into(changelist.params, field):
            return None
        rows = changelist.queryset.order_by()
        years: set[int] = set()
        for value, _label in self.model._meta.get_field(after).flatchoices:
            of_value = rows.filter(**{after: value})
            latest = of_value.aggregate(latest=Max(field))["latest"]
            while latest is not None:
                year = timezone.localtime(latest).year
                years.add(year)
                start = timezone.make_aware(dt.datetime(year, 1, 1))
                latest = of_value.filter(**{f"{field}__lt": start}).aggregate(latest=Max(field))["latest"]
        return sorted(years)
