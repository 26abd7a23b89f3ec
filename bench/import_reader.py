"""The import's reading thread on its own: what it costs to turn the file's rows into records.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_imports \
    REDIS_URL=redis://127.0.0.1:6379/6 VAR_DIR=/tmp/bench-imports-var \
    .venv/bin/python bench/import_reader.py [--rows 100000] [--rounds 3]

On the scene and file of ``bench/imports.py`` (created there if missing), in one process, rounds
interleaved: the floor's read (python-calamine, every row of the sheet as Python values), then
the engine's reading as the worker runs it — the table opened and its header found, each cell
through its column's parser (``cells.Remembered`` around it, or the bare parser), each batch
through the kind's ``validate`` (enterprises looked up, values checked, verdicts, the values'
text, the stored-results look-up) — writing nothing. Prints min and median of each part.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import imports as scene

from core.imports import cells, safety
from core.imports.reading import open_table
from core.imports.run import _parse, prepare_in_source_language
from results.import_kinds import ResultImportKind


def floor_read(path: Path) -> float:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_index(0).to_python()
    assert len(rows) > 1
    workbook.close()
    return time.perf_counter() - started


def engine_read(path: Path, office, plan, *, remembered: bool) -> dict[str, float]:
    kind = ResultImportKind()
    context, columns = prepare_in_source_language(kind, user=office, options={"plan_version": plan.pk})
    started = time.perf_counter()
    facts = safety.check_file(path)
    checked = time.perf_counter()
    table = open_table(path, facts, columns, safety.Limits.from_settings())
    opened = time.perf_counter()
    wrap = cells.Remembered if remembered else (lambda parse: parse)
    present = [(index, column, wrap(column.parse)) for index, column in table.header.by_index.items()]
    keys = {column.key for column in table.header.by_index.values()}
    absent = [(c.key, c.default) for c in columns if c.key not in keys]
    parsing = validating = 0.0
    good = 0
    rows_iter = table.rows()
    while batch := list(itertools.islice(rows_iter, kind.batch_size)):
        t0 = time.perf_counter()
        rows = [_parse(line, row_cells, present, absent) for line, row_cells in batch]
        t1 = time.perf_counter()
        kind.validate(context, rows)
        validating += time.perf_counter() - t1
        parsing += t1 - t0  # includes calamine handing the rows over (iter_rows)
        good += sum(1 for row in rows if row.ok)
    table.close()
    total = time.perf_counter() - started
    return {"safety check": checked - started, "open and header": opened - checked, "cells parsed": parsing,
            "rows validated": validating, "reading thread": total, "good rows": good}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    office, plan, codes = scene.seed_scene()
    path = scene.results_file(office, plan, codes, args.rows)
    scene.empty_results()
    floors, bare, remembered = [], [], []
    for _ in range(args.rounds):
        floors.append(floor_read(path))
        bare.append(engine_read(path, office, plan, remembered=False))
        remembered.append(engine_read(path, office, plan, remembered=True))
        print(f"floor read {floors[-1]:.2f} s; engine, bare parsers {bare[-1]['reading thread']:.2f} s; "
              f"remembered {remembered[-1]['reading thread']:.2f} s", flush=True)
    print(f"\nfloor read (calamine, whole sheet): min {min(floors):.2f} s, median {statistics.median(floors):.2f} s")
    for name in ("safety check", "open and header", "cells parsed", "rows validated", "reading thread"):
        for label, runs in (("bare", bare), ("remembered", remembered)):
            values = [run[name] for run in runs]
            print(f"{name:16} {label:10} min {min(values):6.2f} s  median {statistics.median(values):6.2f} s")
    assert {run["good rows"] for run in bare + remembered} == {args.rows}


if __name__ == "__main__":
    main()
