"""What every public list page shares: a FilterSet validates the query string, a named ``Sort``
orders the rows, keyset pagination cuts one page, and the links to the next and previous pages
keep the visitor's filters. ``keyset_list`` (the page and its links alone) also serves the
portal's lists.

Forged input never reaches the database as an error: an invalid filter value, an unknown sort or
a cursor this code did not write is a 404 (there is no such list), never a 500.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connections, router
from django.db.models import Value
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _

from .keyset import InvalidCursor, Sort, paginate

PAGE_SIZE = 25
# Up to this many matching rows a list says exactly how many; beyond, the planner's estimate.
EXACT_UP_TO = 1000
# Query parameters that are not filters: never count as "filtered", never kept in a cursor link.
NOT_FILTERS = {"sort", "cursor", "lang", "format"}


@dataclass
class KeysetList:
    """One page of rows and the links to the pages around it (relative: ``?…``), for
    ``templates/public/_pager.html`` and ``templates/portal/_pagination.html``."""

    rows: list
    next_url: str | None
    previous_url: str | None
    first_url: str | None

    def __iter__(self):
        return iter(self.rows)


@dataclass(frozen=True)
class Matches:
    """How many rows a filtered list holds: exact, or an estimate shown rounded (“约 32,000”)."""

    count: int
    exact: bool

    @property
    def rounded(self) -> int:
        """Two significant figures: an estimate claims no more than it knows."""
        digits = len(str(self.count))
        return round(self.count, -(digits - 2)) if digits > 2 else self.count


def estimated_rows(model) -> int | None:
    """The planner's estimate of how many rows ``model``'s table holds (PostgreSQL's
    ``pg_class.reltuples``, kept current by autovacuum; free to read); None elsewhere, or for a
    table never analysed."""
    connection = connections[router.db_for_read(model)]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


def matches(queryset, *, exact_up_to: int = EXACT_UP_TO) -> Matches:
    """Exactly up to ``exact_up_to`` (reading at most one more row, no COUNT over a big table);
    beyond it on PostgreSQL the planner's row estimate of the filtered query, elsewhere “more
    than ``exact_up_to``”."""
    # A constant per row: an index that serves the filters answers without the table's rows.
    ids = queryset.order_by().values_list(Value(1), flat=True)
    found = len(ids[:exact_up_to + 1])
    if found <= exact_up_to:
        return Matches(found, True)
    connection = connections[ids.db]
    if connection.vendor != "postgresql":
        return Matches(exact_up_to, False)
    sql, params = ids.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return Matches(max(int(plan[0]["Plan"]["Plan Rows"]), exact_up_to + 1), False)


@dataclass
class PublicList(KeysetList):
    params: QueryDict
    sort: str
    sorts: list[tuple[str, str]]
    filtered: bool
    queryset: object = field(default=None, repr=False)
    counted: Callable[[], int | None] | None = field(default=None, repr=False)

    @cached_property
    def matches(self) -> Matches:
        """How many rows match the filters: computed only where a page shows it. Where a count
        kept elsewhere (``counted``: the statistics) says more than ``EXACT_UP_TO``, that count as
        the estimate, without reading the list; else as ``matches`` finds it."""
        counted = self.counted() if self.counted is not None else None
        if counted is not None and counted > EXACT_UP_TO:
            return Matches(counted, False)
        return matches(self.queryset, exact_up_to=EXACT_UP_TO)


def _url(params: QueryDict, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def public_list(request, *, queryset, sorts: dict[str, Sort], filterset_class=None,
                counted_by: Callable[[Mapping], int | None] | None = None,
                page_size: int = PAGE_SIZE) -> PublicList:
    """One keyset page of ``queryset`` filtered by ``filterset_class`` from ``request.GET``.

    The first sort in ``sorts`` is the default. ``counted_by(filters)`` (the filterset's cleaned
    data) may say how many rows the filters match from a count kept elsewhere, or None. Raises
    Http404 on a forged filter, sort or cursor.
    """
    params = request.GET
    filters: Mapping = {}
    if filterset_class is not None:
        filterset = filterset_class(params, queryset=queryset, request=request)
        if not filterset.is_valid():
            raise Http404(_("筛选条件无效。"))
        queryset = filterset.qs
        filters = filterset.form.cleaned_data
    sort_key = params.get("sort") or next(iter(sorts))
    sort = sorts.get(sort_key)
    if sort is None:
        raise Http404(_("排序方式无效。"))
    page = keyset_list(request, sort.apply(queryset), sort.fields, page_size)
    return PublicList(
        rows=page.rows,
        next_url=page.next_url,
        previous_url=page.previous_url,
        first_url=page.first_url,
        params=params,
        sort=sort_key,
        sorts=[(key, s.label) for key, s in sorts.items()],
        filtered=any(value.strip() for key, value in params.items() if key not in NOT_FILTERS),
        queryset=queryset,
        counted=functools.partial(counted_by, filters) if counted_by is not None else None,
    )


def keyset_list(request, queryset, fields: tuple[str, ...], page_size: int) -> KeysetList:
    """The keyset page of ``queryset`` in the order ``fields`` (ending with the primary key) that
    ``?cursor=`` points at; the links keep every other parameter of the query string.

    Raises Http404 on a cursor this code did not write."""
    params = request.GET
    cursor = params.get("cursor")
    try:
        page = paginate(queryset, fields, cursor, page_size)
    except InvalidCursor as error:
        raise Http404(_("翻页链接无效。")) from error
    return KeysetList(
        rows=page.rows,
        next_url=_url(params, cursor=page.next_cursor) if page.next_cursor else None,
        previous_url=_url(params, cursor=page.previous_cursor) if page.previous_cursor else None,
        first_url=_url(params, cursor=None) if cursor else None,
    )
