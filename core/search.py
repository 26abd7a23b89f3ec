"""Search that an index serves in Chinese and in English, two characters and up.

A searchable row keeps a ``search`` column (PostgreSQL: a ``tsvector``): every pair of adjacent
characters of its text, lower-cased — 口罩 is the one lexeme "口罩", KN95 is "kn", "n9", "95" —
written by a trigger on every insert and update (``search_migration``), so that no write path,
the imports' COPY and upserts included, can leave it stale; a GIN index serves it. Stored, not an
index on an expression of the columns: PostgreSQL rechecks each row a tsvector index hands back,
and recomputing its pairs there made a common term 2–3× slower (bench/README.md "search").

A query of two characters or more becomes its own pairs, all required (``'口罩' & '罩k' …``): the
index finds every row holding them, and the plain ``icontains`` then keeps the rows that hold the
text itself, so the answer is exactly ``icontains``'s. One character, or SQLite (the embedded default), is
``icontains`` alone. Chosen by measurement over pg_trgm, which serves no two-character pattern
(bench/README.md "search").
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Field, Lookup, Q, QuerySet

_SPACE = re.compile(r"\s")

# A loop, not a set-returning SQL query: 5 µs a row instead of 11 at scale 3 (the same lexemes
# for all 103,021 rows), which every written row pays.
BIGRAMS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION campaign_bigrams(source text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    grams text[] := '{}';
    folded text := lower(coalesce(source, ''));
    pair text;
BEGIN
    FOR i IN 1..char_length(folded) - 1 LOOP
        pair := substr(folded, i, 2);
        CONTINUE WHEN pair ~ '\s';
        grams := grams || pair;
    END LOOP;
    RETURN array_to_tsvector(grams);  -- which drops the duplicates
END
$$;
"""


def bigrams(text: str) -> list[str]:
    """The pairs of adjacent characters of ``text``, lower-cased, none across white space."""
    lowered = text.lower()
    return sorted({lowered[i:i + 2] for i in range(len(lowered) - 1) if not _SPACE.search(lowered[i:i + 2])})


def bigram_query(text: str) -> str:
    """``text``'s pairs as a tsquery of literal lexemes, all required; '' when it has none."""
    def lexeme(gram: str) -> str:
        return "'" + gram.replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join(lexeme(gram) for gram in bigrams(text))


@SearchVectorField.register_lookup
class HasBigrams(Lookup):
    """``search__bigrams=bigram_query(text)``: the row's pairs hold the query's (GIN-served)."""

    lookup_name = "bigrams"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", [*lhs_params, *rhs_params]


def text_search(text: str, fields: tuple[str, ...], *, search_field: str = "search") -> Q:
    """The rows whose ``fields`` contain ``text`` (case-insensitive), through the pairs index
    where the database has it: a condition to filter on, or to combine with others."""
    contains = reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))
    query = bigram_query(text) if connection.vendor == "postgresql" else ""
    return Q(**{f"{search_field}__bigrams": query}) & contains if query else contains


@Field.register_lookup
class AnyOf(Lookup):
    """``field__any_of=[…]``: ``field = ANY(%s)`` with the list as one array parameter. Thousands
    of values as ``IN (%s, %s, …)`` cost Django and the driver more than the query (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


def found_first(queryset: QuerySet, condition: Q, *, at_most: int, grouped_by: str) -> QuerySet:
    """``queryset.filter(condition)``, with the matching rows' keys fetched first when there are at
    most ``at_most`` of them.

    A list shown newest first and filtered by a text whose rows are few and scattered in date
    order can make PostgreSQL walk the date index and test row after row until it has a page
    (tens of thousands of rows for a term whose categories are local to a few cities): it cannot
    estimate how few the rows are. Fetching the keys without an order (a bitmap of the text's and
    the categories' indexes) and then the page among them costs a few milliseconds. The page names
    the rows' own ``grouped_by`` values (their categories) as well as their keys: redundant for
    the answer, but with both the planner estimates a handful of rows, reads them by key and sorts
    them, where with the keys alone it may estimate thousands and walk the date index again
    (bench/README.md "search"). Dense matches keep the walk, which finds a page after a few
    hundred rows; the caller, which knows from its statistics whether the matches can be few,
    says when to try. The answer is the same either way."""
    if connection.vendor != "postgresql":
        return queryset.filter(condition)
    found = list(queryset.filter(condition).order_by().values_list("pk", grouped_by)[:at_most + 1])
    if len(found) > at_most:
        return queryset.filter(condition)
    return queryset.filter(pk__any_of=[key for key, _ in found],
                           **{f"{grouped_by}__in": sorted({group for _, group in found})})


def search_migration(table: str, columns: tuple[str, ...]):
    """The PostgreSQL side of a searchable table: the function, the trigger that keeps the
    ``search`` column, the stored rows filled in one statement, and the GIN index."""
    from django.db import migrations

    text = "concat_ws(' ', " + ", ".join(f"NEW.{column}" for column in columns) + ")"
    stored_text = "concat_ws(' ', " + ", ".join(columns) + ")"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(BIGRAMS_FUNCTION)
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {table}_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.search := campaign_bigrams({text}); RETURN NEW; END $$;")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_search BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_search_refresh();")
        schema_editor.execute(f"UPDATE {table} SET search = campaign_bigrams({stored_text})")
        schema_editor.execute(f"CREATE INDEX {table}_search_gin ON {table} USING gin (search)")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_refresh()")

    return migrations.RunPython(forwards, backwards)
