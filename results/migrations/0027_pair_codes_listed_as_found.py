"""``campaign_pair_codes`` lists a pair each time it occurs instead of looking for it first: the
GIN indexes of its codes (results, enterprises, plans, categories) keep each key of a row once,
so they hold what they held and need no rebuild; the function costs ~35 % less a text, which an
import pays for every result it writes (``core.search.PAIR_CODES_FUNCTION``)."""

from django.db import migrations

from core.search import PAIR_CODES_FUNCTION

# The function as it was: each pair's code once, looked for in the array before it is added.
DEDUPLICATED = '''
CREATE OR REPLACE FUNCTION campaign_pair_codes(source text) RETURNS integer[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    codes integer[] := '{}';
    character text;
    point integer;
    previous integer := -1;
    code integer;
BEGIN
    FOREACH character IN ARRAY string_to_array(lower(coalesce(source, '')), NULL) LOOP
        point := ascii(character);
        IF point IN (9, 10, 11, 12, 13, 32, 12288) THEN
            previous := -1;
            CONTINUE;
        END IF;
        IF previous >= 0 THEN
            code := mod(previous::bigint * 1114112 + point, 2147483647)::integer;
            IF NOT code = ANY(codes) THEN
                codes := codes || code;
            END IF;
        END IF;
        previous := point;
    END LOOP;
    RETURN codes;
END
$$;
'''


def _replaced_by(function_sql: str):
    def replace(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(function_sql)
            schema_editor.execute("ALTER FUNCTION campaign_pair_codes(text) COST 10")

    return replace


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0026_events_refuse_truncate"),
        ("companies", "0007_search_pairs_index_of_the_text"),
        ("plans", "0010_search_pairs_index_of_the_text"),
        ("benchmarking", "0012_search_pairs_index_of_the_text"),
    ]

    operations = [migrations.RunPython(_replaced_by(PAIR_CODES_FUNCTION), _replaced_by(DEDUPLICATED))]
