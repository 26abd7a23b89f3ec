"""Changelists of the tables that grow with the campaign: no full counts."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from ..public_listing import estimated_rows


class EstimatedCountPaginator(Paginator):
    """Pages the big tables without counting them.

    The one numbered (OFFSET) pagination left, because Django's changelist needs a ``Paginator``:
    it asks for ``count`` and ``page(n)`` and renders page numbers, which keyset pages cannot give.
    Admin lists are filtered staff tools, seldom paged deep; public pages and the API use the
    keyset pagination of ``core.keyset``.

    Django's changelist counts the whole filtered queryset on every page. On an unfiltered
    PostgreSQL table the planner's row estimate (pg_class.reltuples, kept current by autovacuum)
    is good enough for a page count and costs nothing; filtered lists are small and counted.
    A city office's list is always filtered (its scope), so it always gets a true count.
    """

    @cached_property
    def count(self) -> int:
        query = self.object_list.query
        if not query.where and not query.distinct:
            estimate = estimated_rows(self.object_list.model)
            if estimate is not None and estimate > 10_000:
                return estimate
        return super().count


class SearchedChangeList(ChangeList):
    """A search is a look-up, not a browse: its list shows no date hierarchy unless the user has
    drilled into one. The hierarchy reads the first and last date and every year of the matches,
    two queries over all of them (a code's first digits match 300,000 results at scale 100)."""

    def __init__(self, request, model, list_display, list_display_links, list_filter, date_hierarchy, *args,
                 **kwargs):
        searching = request.GET.get(SEARCH_VAR, "").strip()
        drilled = date_hierarchy and any(key.startswith(f"{date_hierarchy}__") for key in request.GET)
        if searching and not drilled:
            date_hierarchy = None
        super().__init__(request, model, list_display, list_display_links, list_filter, date_hierarchy, *args,
                         **kwargs)


class BigTableAdmin(admin.ModelAdmin):
    """For tables that grow with the campaign: no full counts, no N+1."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return SearchedChangeList
