"""Search that an index serves in Chinese and in English, two characters and up.

Every pair of adjacent characters of a row's text, lower-cased, is a number (its code) — 口罩 is one
pair, KN95 is "kn", "n9", "95" — and a GIN index holds each row's codes (PostgreSQL: an
``integer[]``). Codes, not a ``tsvector`` of the pairs as text: 4 bytes a pair, the same index and
plans. The index is of an expression of the searched columns (``PairCodesOf``,
``pair_codes_index_migration``), which no write path can leave stale and which stores nothing in
the row (a ``search`` column kept by a trigger, as before, was 108 B a result at scale 30; its
functions stay for the migrations that made and removed it).

A query of two characters or more becomes its own pairs' codes, all required (``codes @> …``): the
index finds every row holding them, and the plain ``icontains`` then keeps the rows that hold the
text itself, so the answer is exactly ``icontains``'s. One character, or SQLite (the embedded default), is
``icontains`` alone. Chosen by measurement over pg_trgm, which serves no two-character pattern
(bench/README.md "search").
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Field, ForeignObject, Func, Lookup, Q, QuerySet

# A pair's code: its two code points as one number, folded into PostgreSQL's ``integer`` (4 bytes
# where a tsvector's lexeme took 7–10 with its entry). Two pairs may share a code (rarely: every
# pair of the Basic Multilingual Plane has its own); the ``icontains`` after the index keeps the
# answer exact.
PAIR_CODE_MODULUS = 2_147_483_647
CODE_POINTS = 1_114_112
_WHITE_SPACE = frozenset(" \t\n\r\f\v\u3000")


# One pass over the characters, white space told by its code point (the constants above are
# written into it, so Python and the database share one rule). A pair that repeats in a text
# is listed again, not looked for first: a GIN index keeps each key of a row once whatever the
# array repeats, and ``@>`` asks only which codes are there, so the index and every answer are
# those of the de-duplicating function before it (results' migration 0027), at ~35 % less
# time a text — which an import pays for every result it writes (bench/README.md "imports").
# Most characters are tested against white space by one comparison, the rare low ones by the list.
PAIR_CODES_FUNCTION = """
CREATE OR REPLACE FUNCTION campaign_pair_codes(source text) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 10 AS $$
DECLARE
    codes integer[] := '{}';
    character text;
    point integer;
    previous integer := -1;
BEGIN
    FOREACH character IN ARRAY string_to_array(lower(coalesce(source, '')), NULL) LOOP
        point := ascii(character);
        IF point <= 32 OR point = 12288 THEN
            IF point IN ({white_space}) THEN
                previous := -1;
                CONTINUE;
            END IF;
        END IF;
        IF previous >= 0 THEN
            codes := codes || mod(previous::bigint * {code_points} + point, {modulus})::integer;
        END IF;
        previous := point;
    END LOOP;
    RETURN codes;
END
$$;
""".replace("{white_space}", ", ".join(str(ord(space)) for space in sorted(_WHITE_SPACE))).replace(
    "{code_points}", str(CODE_POINTS)).replace("{modulus}", str(PAIR_CODE_MODULUS))


def pair_codes(text: str) -> list[int]:
    """``text``'s pairs of adjacent characters, lower-cased and none across white space, as the
    codes the index holds (``campaign_pair_codes``'s, which may list one twice), each once and
    sorted; [] when it has none."""
    codes: set[int] = set()
    previous = -1
    for character in text.lower():
        if character in _WHITE_SPACE:
            previous = -1
            continue
        point = ord(character)
        if previous >= 0:
            codes.add((previous * CODE_POINTS + point) % PAIR_CODE_MODULUS)
        previous = point
    return sorted(codes)


class PairCodesField(Field):
    """The codes of a text's pairs: on PostgreSQL an ``integer[]``. The type of ``PairCodesOf``, and
    of the ``search`` columns that older migrations made and a trigger kept."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection) -> str:
        return "integer[]" if connection.vendor == "postgresql" else "text"


@PairCodesField.register_lookup
class HoldsPairs(Lookup):
    """``HoldsPairs(PairCodesOf(…), pair_codes(text))``: the row's pairs hold the query's (GIN-served)."""

    lookup_name = "pairs"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::integer[]", [*lhs_params, list(self.rhs)]


class PairCodesOf(Func):
    """The codes of the columns' text, joined by spaces, as an expression index holds them
    (``pair_codes_index_sql``): the columns must not be NULL, as ``||`` would make the text NULL."""

    output_field = PairCodesField()

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        text = " || ' ' || ".join(sql for sql, _params in compiled)
        return f"campaign_pair_codes({text})", [param for _sql, params in compiled for param in params]


def text_search(text: str, fields: tuple[str, ...], *, also: Q | None = None) -> Q:
    """The rows whose ``fields`` contain ``text`` (case-insensitive), or that match ``also``, through
    the index of the fields' pairs where the database has it (``pair_codes_index_migration`` over
    the same fields in the same order): a condition to filter on.

    With ``also``, the condition is (also or codes) and (also or contains), not (codes and
    contains) or also: the same rows, but its first half is exactly what the indexes' bitmap
    answers, so PostgreSQL does not test the codes again row by row, which means computing them
    (14 µs a row); and where it walks an ordered index instead, a row that ``also`` takes is not
    coded (PostgreSQL tests an OR's parts in their order), nor one the cheaper half refuses (it
    tests an AND's parts cheapest first)."""
    contains = reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))
    found = pair_codes(text) if connection.vendor == "postgresql" else []
    if not found:
        return contains | also if also is not None else contains
    holds = Q(HoldsPairs(PairCodesOf(*fields), found))
    if also is None:
        return holds & contains
    return (also | holds) & (also | contains)


@Field.register_lookup
class AnyOf(Lookup):
    """``field__any_of=[…]``: ``field = ANY(%s::type[])`` with the list as one array parameter of
    the column's own type. Thousands of values as ``IN (%s, %s, …)`` cost Django and the driver
    more than the query; and an array of another type (psycopg sends small numbers as
    ``integer[]``) cannot be hashed against a ``bigint`` column, so a row filter compared each row
    with every element (10,808 enterprises: 120 ms a page at scale 30). Elsewhere (SQLite), IN."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor != "postgresql":
            return f"{lhs} IN ({', '.join(['%s'] * len(values)) or 'NULL'})", [*lhs_params, *values]
        return f"{lhs} = ANY(%s::{self.lhs.output_field.db_type(connection)}[])", [*lhs_params, values]


# A foreign key's lookups are its own (Django's related lookups): the key's column, compared as is.
ForeignObject.register_lookup(AnyOf)


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


# The search column before its pairs were codes: what a migration back restores.
_LEXEMES_FUNCTION = r"""
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
    RETURN array_to_tsvector(grams);
END
$$;
"""


def install_pair_codes(schema_editor, table: str, columns: tuple[str, ...], *,
                       column_type: str = "integer[]", function_sql: str = PAIR_CODES_FUNCTION,
                       function: str = "campaign_pair_codes") -> None:
    """On PostgreSQL: ``table``'s ``search`` column made the codes of its ``columns``' text (or,
    with the lexemes function, what it was before), with the function, the stored rows filled in
    one statement, the triggers that keep the column and its GIN index."""
    text = "concat_ws(' ', " + ", ".join(f"NEW.{column}" for column in columns) + ")"
    stored_text = "concat_ws(' ', " + ", ".join(columns) + ")"
    schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search ON {table}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_update ON {table}")
    schema_editor.execute(function_sql)
    # The stored rows by a rewrite of the table (no trigger, indexes built afresh, no dead
    # rows): an UPDATE of every row took 5.6 min at scale 30.
    schema_editor.execute(
        f"ALTER TABLE {table} ALTER COLUMN search TYPE {column_type} USING {function}({stored_text})")
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {table}_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search := {function}({text}); RETURN NEW; END $$;")
    # Every insert, and an update that changes the text: a review or a publication leaves the
    # codes as they are. (An import that wrote the codes in its COPY instead of the trigger
    # was no faster: bench/README "imports".)
    changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)
    schema_editor.execute(
        f"CREATE TRIGGER {table}_search BEFORE INSERT ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION {table}_search_refresh();")
    schema_editor.execute(
        f"CREATE TRIGGER {table}_search_update BEFORE UPDATE ON {table} FOR EACH ROW "
        f"WHEN ({changed}) EXECUTE FUNCTION {table}_search_refresh();")
    schema_editor.execute(f"CREATE INDEX {table}_search_gin ON {table} USING gin (search)")
    schema_editor.execute(f"ANALYZE {table}")


def uninstall_pair_codes(schema_editor, table: str) -> None:
    """On PostgreSQL: what ``install_pair_codes`` made, the column aside (a migration drops it)."""
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search ON {table}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_update ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_refresh()")
    schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")


def pair_codes_index_sql(table: str, name: str, columns: tuple[str, ...]) -> str:
    """The GIN index of the codes of ``columns``' text joined by spaces: the expression
    ``PairCodesOf(*columns)`` writes, so that PostgreSQL matches a query with it."""
    text = " || ' ' || ".join(columns)
    return f"CREATE INDEX {name} ON {table} USING gin (campaign_pair_codes({text}))"


def pair_codes_index_migration(model_name: str, table: str, index: str, columns: tuple[str, ...]) -> list:
    """A searchable table's ``search`` column, its trigger and its index replaced by an index of
    the codes of an expression of ``columns`` (on PostgreSQL; elsewhere the column goes). Going
    back restores the column, filled in one statement, with its trigger and index."""
    from django.db import migrations

    def without_the_trigger(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            uninstall_pair_codes(schema_editor, table)

    def with_the_trigger(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            install_pair_codes(schema_editor, table, columns)

    def index_of_the_text(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(pair_codes_index_sql(table, index, columns))
            # Its true cost (~14 µs a text) made the planner take a parallel plan for a search's
            # few thousand rows, 5 ms slower than the plan of a stored column; declared lower, the
            # plan is the column's. ``text_search`` never makes a condition compute it row by row
            # where the index answers, and tests a cheaper one before it.
            schema_editor.execute("ALTER FUNCTION campaign_pair_codes(text) COST 10")
            schema_editor.execute(f"ANALYZE {table}")

    def no_index_of_the_text(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    return [
        migrations.RunPython(without_the_trigger, with_the_trigger),
        migrations.RemoveField(model_name=model_name, name="search"),
        migrations.RunPython(index_of_the_text, no_index_of_the_text),
    ]


def pair_codes_migration(model_name: str, table: str, columns: tuple[str, ...]):
    """The ``search`` column of a searchable table made its pairs' codes: on PostgreSQL the
    function, the trigger that keeps the column, the stored rows filled in one statement, and
    the GIN index; the field's new type in the migration state."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            install_pair_codes(schema_editor, table, columns)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            install_pair_codes(schema_editor, table, columns, column_type="tsvector",
                               function_sql=_LEXEMES_FUNCTION, function="campaign_bigrams")

    return migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RunPython(forwards, backwards)],
        state_operations=[migrations.AlterField(model_name=model_name, name="search", field=PairCodesField())],
    )
