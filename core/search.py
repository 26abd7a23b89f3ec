"""Search that an index serves in Chinese and in English, two characters and up.

A searchable table has a GIN index on the pairs of its text (PostgreSQL: a ``tsvector`` of
every pair of adjacent characters, lower-cased — 口罩 is the one lexeme "口罩", KN95 is "kn",
"n9", "95"), an index on an expression of the row's own columns (``Bigrams``,
``search_index_migration``): no write path, the imports' COPY and upserts included, can leave it
stale, and the rows carry no copy of it (a stored column was ~165 B a result). A query of two
characters or more becomes its own pairs, all required (``'口罩' & '罩k' …``): the index finds
every row holding them, and the plain ``icontains`` then keeps the rows that hold the text itself,
so the answer is exactly ``icontains``'s. One character, or SQLite (the embedded default), is
``icontains`` alone. Chosen by measurement over pg_trgm, which serves no two-character pattern
(bench/README.md "search").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import Field, Func, Lookup, Q, QuerySet

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


def bigram_source(columns: Sequence[str]) -> str:
    """SQL: the pairs of the columns' text, the columns joined by a space (no pair spans two).
    The index and every search write this same expression: PostgreSQL uses an expression index
    only for the expression it was built on."""
    return "campaign_bigrams(" + " || ' ' || ".join(f"coalesce(({column})::text, '')" for column in columns) + ")"


class Bigrams(Func):
    """The pairs of ``fields``' text (PostgreSQL), as their table's search index holds them."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra_context):
        columns, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            columns.append(sql)
            params.extend(expression_params)
        return bigram_source(columns), params


class HasBigrams(Lookup):
    """``HasBigrams(Bigrams(*fields), bigram_query(text))``: the pairs hold the query's (GIN-served)."""

    lookup_name = "bigrams"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", [*lhs_params, *rhs_params]


def text_search(text: str, fields: tuple[str, ...]) -> Q:
    """The rows whose ``fields`` contain ``text`` (case-insensitive), through the pairs index
    where the database has it (``fields`` are those the index was built on, in its order): a
    condition to filter on, or to combine with others."""
    contains = reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))
    query = bigram_query(text) if connection.vendor == "postgresql" else ""
    # The text first: where PostgreSQL tests the condition row by row (inside an OR, as the
    # admin's search has it), the cheap `icontains` rules most rows out before the pairs are
    # computed for the rest; the index serves the pairs wherever they are written.
    return contains & Q(HasBigrams(Bigrams(*fields), query)) if query else contains


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


def _install_trigger(schema_editor, table: str, columns: tuple[str, ...]) -> None:
    text = "concat_ws(' ', " + ", ".join(f"NEW.{column}" for column in columns) + ")"
    stored_text = "concat_ws(' ', " + ", ".join(columns) + ")"
    schema_editor.execute(BIGRAMS_FUNCTION)
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {table}_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search := campaign_bigrams({text}); RETURN NEW; END $$;")
    schema_editor.execute(
        f"CREATE TRIGGER {table}_search BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_search_refresh();")
    schema_editor.execute(f"UPDATE {table} SET search = campaign_bigrams({stored_text})")
    schema_editor.execute(f"CREATE INDEX {table}_search_gin ON {table} USING gin (search)")


def _drop_trigger(schema_editor, table: str) -> None:
    schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_refresh()")


def search_migration(table: str, columns: tuple[str, ...]):
    """The first search of a table (kept for the migrations that installed it): a ``search``
    column kept by a trigger, with a GIN index. ``search_index_migration`` replaces both."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            _install_trigger(schema_editor, table, columns)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            _drop_trigger(schema_editor, table)

    return migrations.RunPython(forwards, backwards)


def search_index_migration(table: str, columns: tuple[str, ...]):
    """The search of a table as an index on the pairs of its ``columns`` (``Bigrams``), in place
    of the trigger-kept ``search`` column, which the migration then removes."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        _drop_trigger(schema_editor, table)
        schema_editor.execute(BIGRAMS_FUNCTION)
        source = bigram_source([schema_editor.quote_name(column) for column in columns])
        schema_editor.execute(f"CREATE INDEX {table}_search_gin ON {table} USING gin ({source})")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
            _install_trigger(schema_editor, table, columns)

    return migrations.RunPython(forwards, backwards)
