"""The public result list (/results/) under gunicorn + wrk, beside a bare keyset view of the same rows.

    .venv/bin/python bench/public_list_wrk.py [--database-url postgres://...] [--scale 10]

1. Seeds (or reuses) a PostgreSQL database: creates it if missing, migrates, and when it holds no
   published result runs ``load_reference`` and ``seed_demo --scale S`` (minutes; done once).
2. In process (Django test client, cache disabled): follows the ``next`` link of both lists 1,000
   times to collect real cursors, checks that both lists show the same rows, and times every URL
   of the mix server-side (page 1 against page 1,000 among them) with its queries and SQL time.
3. Starts gunicorn (``bench.settings``: DEBUG off, DummyCache, ``bench.urls`` with
   ``/bench/bare-results/``; workers = cores) and runs wrk over a mix of URLs (page 1, deep pages
   2/10/100/1000 by real cursors, a province filter and a level filter, each at pages 1 and 10),
   alternating public and bare rounds (ABBA) so that noise from other jobs hits both; then each
   list's pages alone (the whole list, the province, the level), so that every filter has its ratio.
4. Restarts gunicorn with Redis (DB 7) as the cache: if ``/results/`` answers ``X-Cache: hit`` the
   page cache is applied and cache-warm rounds are run against the bare view too.

Prints requests/s, p50/p90/p99 for each, and the ratio public / bare (the target is ≥ 0.6).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LUA = ROOT / "bench" / "public_list.lua"
DEFAULT_DATABASE_URL = "postgres://campaign:campaign@127.0.0.1:5432/campaign_bench"
PUBLISHED_AT_SCALE_1 = 32_094
PUBLIC, BARE = "/results/", "/bench/bare-results/"
DEEP = (2, 10, 100, 1000)
NEXT_LINK = re.compile(r'<a\b[^>]*\brel="next"[^>]*>')
HREF = re.compile(r'\bhref="([^"]+)"')
ROW_IDS = re.compile(r'data-result="(\d+)"')
JOIN = re.compile(r"\b(?:INNER|LEFT OUTER) JOIN\b")
# The code behind /results/, named by each run so that a figure can be matched to the code it measured.
VIEW_FILES = ("results/public_views.py", "results/selectors.py", "results/api.py", "core/public_listing.py",
              "core/keyset.py", "benchmarking/selectors.py", "templates/public/result_list.html",
              "templates/public/_industry_select.html", "core/templatetags/public_tags.py",
              "results/templatetags/result_tags.py", "benchmarking/templatetags/portal_tags.py",
              "results/stats_selectors.py")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--scale", type=float, default=10, help="seed_demo --scale when the database is empty")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--rounds", type=int, default=6, help="cache-cold rounds of each view")
    parser.add_argument("--list-rounds", type=int, default=4,
                        help="cache-cold rounds of each list's pages alone: all, a province, a level (0: skip)")
    parser.add_argument("--warm-rounds", type=int, default=2, help="cache-warm rounds (0: skip)")
    parser.add_argument("--duration", type=int, default=8, help="seconds per cache-cold wrk round")
    parser.add_argument("--warm-duration", type=int, default=8, help="seconds per cache-warm wrk round")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    started = time.monotonic()
    env = bench_env(args.database_url)
    published = ensure_database(args.database_url, args.scale, args.seed, env)
    print(f"database {urlsplit(args.database_url).path.lstrip('/')}: {published:,} published results "
          f"(≈ scale {published / PUBLISHED_AT_SCALE_1:.1f}); load average {os.getloadavg()[0]:.2f}")
    if published < 9.5 * PUBLISHED_AT_SCALE_1:
        print("WARNING: fewer published results than scale 10 holds")

    digest = hashlib.sha1()
    for name in VIEW_FILES:
        digest.update((ROOT / name).read_bytes() if (ROOT / name).exists() else b"")
    newest = max((ROOT / name).stat().st_mtime for name in VIEW_FILES if (ROOT / name).exists())
    print(f"code of /results/: sha1 {digest.hexdigest()[:12]} over {len(VIEW_FILES)} files, newest change "
          f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(newest))}")
    collect_started = time.monotonic()
    mix, same_rows, depth, rows_per_page = collect(env)
    print(f"collected {len(mix[PUBLIC])} URLs per view in {time.monotonic() - collect_started:.0f} s "
          f"({rows_per_page} rows a page); public and bare list the same rows on every page compared: {same_rows}")
    print_depth(depth)

    report = {"published": published, "code_sha1": digest.hexdigest()[:12], "workers": args.workers,
              "cores": os.cpu_count(),
              "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s", "depth": depth,
              "same_rows": same_rows, "rows_per_page": rows_per_page, "paths": mix}
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as scratch:
        files = {}
        for view, paths in mix.items():
            files[view] = Path(scratch) / f"{view.strip('/').replace('/', '-')}.txt"
            files[view].write_text("\n".join(paths) + "\n")

        with Gunicorn(env | {"BENCH_CACHE": "dummy"}, args.workers, Path(scratch) / "cold.log") as server:
            check_paths(server.url, mix)
            cold = alternate(server.url, files, args, args.rounds, {"public": PUBLIC, "bare": BARE}, args.duration)
            # The target holds for any filter: each list's pages alone, against the bare view's same pages.
            per_list = {}
            labels = list(depth[PUBLIC])
            for name in dict.fromkeys(map(list_of, labels)) if args.list_rounds else ():
                list_files = {}
                for view, paths in mix.items():
                    chosen = [path for path, label in zip(paths, labels, strict=True) if list_of(label) == name]
                    list_files[view] = Path(scratch) / f"{name}{view.replace('/', '-')}txt"
                    list_files[view].write_text("\n".join(chosen) + "\n")
                print(f"\n{name} list alone ({len(chosen)} pages):")
                per_list[name] = alternate(server.url, list_files, args, args.list_rounds,
                                           {"public": PUBLIC, "bare": BARE}, args.duration)
        report["cold"], report["cold_per_list"] = cold, per_list
        print_rounds("cache-cold (DummyCache)", cold)
        for name, figures in per_list.items():
            print_rounds(f"cache-cold, the {name} list's pages alone", figures)

        if args.warm_rounds:
            with Gunicorn(env | {"BENCH_CACHE": "redis"}, args.workers, Path(scratch) / "warm.log") as server:
                applied = page_cache_applied(server.url, mix[PUBLIC][0])
                report["page_cache_applied"] = applied
                if applied:
                    warm = alternate(server.url, files, args, args.warm_rounds,
                                     {"public-warm": PUBLIC, "bare": BARE}, args.warm_duration)
                    report["warm"] = warm
                    print_rounds("cache-warm (Redis DB 7, page cache hits)", warm, public="public-warm")
                else:
                    print("\ncache-warm: /results/ answered no 'X-Cache: hit' twice in a row — "
                          "cached_public_page is not applied to the view; no warm rounds.")

    report["load_average_end"] = os.getloadavg()
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}; run time (without seeding) "
          f"{time.monotonic() - collect_started:.0f} s, total {time.monotonic() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def list_of(label: str) -> str:
    """The list a page of the mix belongs to: "province page 10" → "province", "page 2" → "all"."""
    return label.rpartition("page")[0].strip() or "all"


# --- the database ------------------------------------------------------------------------------


def bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # the bench settings choose the cache; Celery stays on the filesystem
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "VAR_DIR": env.get("BENCH_VAR_DIR", str(Path(tempfile.gettempdir()) / "bench-var")),
        "BENCH_CACHE": "dummy",
        "PYTHONPATH": str(ROOT),
    })
    return env


def ensure_database(database_url: str, scale: float, seed: int, env: dict[str, str]) -> int:
    import psycopg
    from psycopg import sql

    name = urlsplit(database_url).path.lstrip("/")
    server = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    manage = [str(PYTHON), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    published = count_published(database_url)
    if published == 0:
        print(f"seeding scale {scale:g} (several minutes; done once per database)")
        subprocess.run([*manage, "load_reference"], env=env, cwd=ROOT, check=True)
        seed_started = time.monotonic()
        subprocess.run([*manage, "seed_demo", "--scale", f"{scale:g}", "--seed", str(seed)],
                       env=env, cwd=ROOT, check=True)
        print(f"seeded in {time.monotonic() - seed_started:.0f} s")
        published = count_published(database_url)
    return published


def count_published(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM results_benchmarkresult WHERE status = 'published'").fetchone()[0]


# --- in process: cursors, same rows, page 1 against page 1,000 ------------------------------------


def collect(env: dict[str, str]) -> tuple[dict[str, list[str]], bool, dict, int]:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from results.models import BenchmarkResult
    from verdict import Level

    client = Client()
    top_province = (
        BenchmarkResult.objects.filter(status="published").values("province_id")
        .annotate(n=Count("id")).order_by("-n").values_list("province_id", flat=True)[0]
    )
    mix: dict[str, list[str]] = {PUBLIC: [], BARE: []}
    ids: dict[str, list[list[str]]] = {PUBLIC: [], BARE: []}
    labels: list[str] = []
    lists = (("", "", (1, *DEEP)), ("province", f"province={top_province}", (1, 10)),
             ("level", f"level={Level.LEADING}", (1, 10)))
    for view in (PUBLIC, BARE):
        for name, query, depths in lists:
            start = f"{view}?{query}" if query else view
            pages = [(url, rows) for page, url, rows in follow(client, start, max(depths)) if page in depths]
            assert len(pages) == len(depths), f"{start}: fewer than {max(depths)} pages"
            mix[view] += [url for url, _rows in pages]
            ids[view] += [rows for _url, rows in pages]
            if view == PUBLIC:
                labels += [f"{name} page {page}".strip() for page in depths]
    # Same rows, in the same order: every page of the mix, public against bare.
    same = all(p == b and p for p, b in zip(ids[PUBLIC], ids[BARE], strict=True))
    for label, p, b in zip(labels, ids[PUBLIC], ids[BARE], strict=True):
        if p != b or not p:
            print(f"rows differ on {label}: public {len(p)} rows, bare {len(b)} rows")
    rows_per_page = max(len(rows) for rows in ids[PUBLIC])

    # Server-side time of every URL of the mix (page 1 against page 1,000 among them), alternating
    # public and bare so that noise from other jobs hits both.
    samples: dict[str, dict[str, list[tuple[float, int, float]]]] = {v: {label: [] for label in labels} for v in mix}
    for _ in range(9):
        for index, label in enumerate(labels):
            for view in (PUBLIC, BARE):
                with CaptureQueriesContext(connection) as queries:
                    begin = time.perf_counter()
                    response = client.get(mix[view][index])
                    elapsed = (time.perf_counter() - begin) * 1000
                assert response.status_code == 200, (mix[view][index], response.status_code)
                sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
                samples[view][label].append((elapsed, len(queries), sql_ms))
    depth = {
        view: {
            label: {
                "median_ms": round(statistics.median(s[0] for s in rows), 2),
                "queries": rows[-1][1],
                "sql_median_ms": round(statistics.median(s[2] for s in rows), 2),
            }
            for label, rows in by_label.items()
        }
        for view, by_label in samples.items()
    }
    depth["planning"] = planning(client, connection, CaptureQueriesContext, mix, labels)
    return mix, same, depth, rows_per_page


def planning(client, connection, capture, mix: dict[str, list[str]], labels: list[str]) -> dict:
    """Planning against execution time of each view's slowest query (EXPLAIN ANALYZE, median of 5)."""
    figures = {}
    for view in (PUBLIC, BARE):
        figures[view] = {}
        for label in ("page 1", "province page 1", "level page 1"):
            with capture(connection) as queries:
                client.get(mix[view][labels.index(label)])
            slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))["sql"]
            plan, execute = [], []
            with connection.cursor() as cursor:
                for _ in range(5):
                    cursor.execute("EXPLAIN (ANALYZE, SUMMARY) " + slowest)
                    text = "\n".join(row[0] for row in cursor.fetchall())
                    plan.append(float(re.search(r"Planning Time: ([\d.]+)", text).group(1)))
                    execute.append(float(re.search(r"Execution Time: ([\d.]+)", text).group(1)))
            figures[view][label] = {"planning_ms": round(statistics.median(plan), 2),
                                    "execution_ms": round(statistics.median(execute), 2),
                                    "joins": len(JOIN.findall(slowest))}
    return figures


def follow(client, start: str, pages: int):
    """Yield (page number, path, row ids) following rel=next links from ``start``."""
    url = start
    for page in range(1, pages + 1):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        yield page, url, ROW_IDS.findall(body)
        found = NEXT_LINK.search(body)
        if not found:
            return
        link = urlsplit(html.unescape(HREF.search(found.group(0)).group(1)))
        url = f"{link.path or urlsplit(url).path}?{link.query}"


def print_depth(depth: dict) -> None:
    print("\nserver-side, in process, cache off: median ms of 9 (SQL ms, queries)")
    print(f"  {'URL':18} {'public':>24} {'bare':>24}  bare/public time")
    for label, public in depth[PUBLIC].items():
        bare = depth[BARE][label]
        print(f"  {label:18} {public['median_ms']:7.1f} ({public['sql_median_ms']:5.1f} SQL, {public['queries']} q) "
              f"{bare['median_ms']:7.1f} ({bare['sql_median_ms']:5.1f} SQL, {bare['queries']} q)  "
              f"{bare['median_ms'] / public['median_ms']:.2f}")
    first, deepest = depth[PUBLIC]["page 1"]["median_ms"], depth[PUBLIC][f"page {DEEP[-1]}"]["median_ms"]
    print(f"  public page {DEEP[-1]} / page 1 = {deepest / first:.2f}")
    print("\nslowest query of each page: EXPLAIN ANALYZE, median of 5")
    for view, rows in depth["planning"].items():
        for label, row in rows.items():
            print(f"  {view:22} {label:16} {row['joins']} joins  planning {row['planning_ms']:6.2f} ms  "
                  f"execution {row['execution_ms']:6.2f} ms")


# --- gunicorn and wrk ---------------------------------------------------------------------------------


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int, log: Path):
        self.env, self.workers, self.log = env, workers, log

    def __enter__(self) -> Gunicorn:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.log_file = self.log.open("w")
        self.process = subprocess.Popen(
            [str(GUNICORN), "config.wsgi", "--workers", str(self.workers), "--bind", f"127.0.0.1:{port}",
             "--chdir", str(ROOT), "--log-level", "warning", "--error-logfile", "-"],
            env=self.env, cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + BARE, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    sys.exit(f"gunicorn did not start:\n{self.log.read_text()}")
                time.sleep(0.3)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()
        errors = [line for line in self.log.read_text().splitlines() if "[ERROR]" in line or "Traceback" in line]
        if errors:
            print("gunicorn logged errors:\n  " + "\n  ".join(errors[:10]))


def check_paths(base: str, mix: dict[str, list[str]]) -> None:
    for paths in mix.values():
        for path in paths:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200 and b"data-result" in response.read(), path


def page_cache_applied(base: str, path: str) -> bool:
    headers = []
    for _ in range(2):
        with urllib.request.urlopen(base + path, timeout=30) as response:
            headers.append(response.headers.get("X-Cache"))
    return headers[-1] == "hit"


def wrk(base: str, paths_file: Path, seconds: int, args) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s",
               "--latency", "-s", str(LUA), base, "--", str(paths_file)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["load_average"] = os.getloadavg()[0]
    return result


def alternate(base: str, files: dict[str, Path], args, rounds: int, views: dict[str, str], seconds: int) -> dict:
    labels = list(views)
    for label in labels:  # warm-up: workers' connections, templates, the database's buffers
        wrk(base, files[views[label]], 3, args)
    runs: dict[str, list[dict]] = {label: [] for label in labels}
    for number in range(rounds):
        for label in labels if number % 2 == 0 else labels[::-1]:
            run = wrk(base, files[views[label]], seconds, args)
            runs[label].append(run)
            print(f"  round {number + 1} {label:12} {run['rps']:7.1f} req/s  p50 {run['p50_us'] / 1000:6.1f} ms  "
                  f"p99 {run['p99_us'] / 1000:6.1f} ms  errors {run['status_errors'] + run['read_errors']}  "
                  f"load {run['load_average']:.2f}", flush=True)
    return {
        label: {
            "rps": sum(r["requests"] for r in rs) / (sum(r["duration_us"] for r in rs) / 1e6),
            "p50_ms": statistics.median(r["p50_us"] for r in rs) / 1000,
            "p90_ms": statistics.median(r["p90_us"] for r in rs) / 1000,
            "p99_ms": statistics.median(r["p99_us"] for r in rs) / 1000,
            "p99_range_ms": [min(r["p99_us"] for r in rs) / 1000, max(r["p99_us"] for r in rs) / 1000],
            "errors": sum(r["status_errors"] + r["connect_errors"] + r["timeouts"] for r in rs),
            "rounds": rs,
        }
        for label, rs in runs.items()
    }


def print_rounds(title: str, figures: dict, public: str = "public") -> None:
    print(f"\n{title}: requests/s over all rounds; p50/p90/p99 median of the rounds' percentiles")
    for label, row in figures.items():
        low, high = row["p99_range_ms"]
        print(f"  {label:12} {row['rps']:7.1f} req/s  p50 {row['p50_ms']:6.1f}  p90 {row['p90_ms']:6.1f}  "
              f"p99 {row['p99_ms']:6.1f} ms (rounds {low:.1f}–{high:.1f})  errors {row['errors']}")
    ratios = [p["rps"] / b["rps"] for p, b in zip(figures[public]["rounds"], figures["bare"]["rounds"], strict=True)]
    ratio = figures[public]["rps"] / figures["bare"]["rps"]
    verdict = "meets" if ratio >= 0.6 else "BELOW"
    print(f"  ratio {public} / bare = {ratio:.2f} ({verdict} the 0.6 target); per round "
          + ", ".join(f"{r:.2f}" for r in ratios) + f" (median {statistics.median(ratios):.2f})")
    figures["ratio"], figures["round_ratios"] = ratio, ratios


if __name__ == "__main__":
    main()
