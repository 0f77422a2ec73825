"""The benchmark harness (issues 6 and 11): seed, serve with gunicorn, load with wrk, report ratios.

Every page is reported as a ratio of two references served the same way in the same run: a
bare Django view answering "ok" (/ok) and a bare logged-in page (/me), both from the vanilla
project in bench/reference. Each scale is measured in two passes over the same seeded data:
warm (the cache CACHE_URL gives, or the app's default) and cold (CACHE_URL=dummy://, every
cache off). One run measures one database configuration and rewrites only its own block of
docs/performance.md. See docs/performance.md for the method.

    .venv/bin/python bench/run.py                 # the full run on SQLite; rewrites its block
    .venv/bin/python bench/run.py --quick         # a smoke run in a minute or two, docs untouched
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        CACHE_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/run.py   # PostgreSQL + Redis
"""

import argparse
import json
import math
import os
import signal
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import configuration
import load
import report
import tables
from common import APP_SETTINGS, REF_SETTINGS, ROOT, WORK, BenchError, log, shout
from servers import (
    bench_env,
    gunicorn,
    inprocess,
    manage,
    require_wrk,
    scratch_cache,
    scratch_database,
)
from web import check_page, log_in

DOC = ROOT / "docs" / "performance.md"
PASSWORD = "bench-Password-7361"  # noqa: S105  (the seeded users' password)
LEARNER, COUNSELOR = "learner", "counselor"
FULL = {"learners": 10_000, "scales": "1000,10000,100000", "duration": 9, "rounds": 3}
QUICK = {"learners": 200, "scales": "100,200", "duration": 3, "rounds": 1}


@dataclass(frozen=True)
class Page:
    """One measured URL: which server, as whom, at which scales and in which passes."""

    name: str
    path: str  # formatted with the picked ids, e.g. {dashboard_id}
    server: str  # "app" or "ref"
    user: str | None
    every_scale: bool = False
    connections: int | None = None  # None: --connections
    passes: tuple = configuration.PASS_NAMES


# The cohort view is measured warm only: without its cache every view aggregates every rating
# of the caseload (seconds at 100,000 learners), and no budget asks for it cold.
PAGES = [
    Page("reference: bare view", "/ok", "ref", None, every_scale=True),
    Page("reference: bare logged-in page", "/me", "ref", LEARNER, every_scale=True),
    Page("learner dashboard", "/assessments/{dashboard_id}/", "app", LEARNER),
    Page("assessment form", "/assessments/new/{role}/", "app", LEARNER),
    Page("counselor caseload", "/counselor/caseload/", "app", COUNSELOR, every_scale=True),
    Page(tables.ATTENTION, "/counselor/", "app", COUNSELOR, every_scale=True),
    Page(tables.LEARNER_PAGE, "/counselor/learners/{learner_id}/", "app", COUNSELOR),
    Page("cohort view", "/counselor/cohort/", "app", COUNSELOR, every_scale=True,
         passes=("warm",)),
    Page("cohort view, 1 connection", "/counselor/cohort/", "app", COUNSELOR, every_scale=True,
         connections=1, passes=("warm",)),
]


@dataclass
class Row:
    """What one page measured: rates, latencies, queries, ratios, or why it failed."""

    page: str
    path: str
    connections: int
    failure: str = ""
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    requests: int | None = None
    round_rps: list = field(default_factory=list)
    socket_errors: dict = field(default_factory=dict)
    queries: dict = field(default_factory=dict)
    ratio_ok: float | None = None  # the median over the rounds
    ratio_ok_range: list | None = None
    ratio_me: float | None = None
    ratio_me_range: list | None = None


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int,
                        help="learners for the full set of pages (default 10000)")
    parser.add_argument("--scales",
                        help="learner counts for the caseload and cohort pages "
                             "(default 1000,10000,100000)")
    parser.add_argument("--duration", type=int,
                        help="seconds of load per page, split over the rounds (default 9)")
    parser.add_argument("--rounds", type=int,
                        help="rounds over all pages, each a slice of --duration (default 3)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--passes", default=",".join(configuration.PASS_NAMES),
                        help="which passes to run: warm (the cache CACHE_URL gives), cold "
                             "(CACHE_URL=dummy://), or both (default warm,cold)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: defaults of 200 learners, scales 100,200, 3 s per "
                             "page in one round, and no docs written unless --doc is given")
    parser.add_argument("--no-docs", action="store_true",
                        help="do not rewrite docs/performance.md and its chart")
    parser.add_argument("--doc", type=Path,
                        help="the Markdown file whose block of this configuration to rewrite "
                             "(default docs/performance.md; the chart goes beside it)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch databases (SQLite files, PostgreSQL databases) "
                             "and leave the last scale's entries in the Redis database")
    args = parser.parse_args(argv)
    for name, default in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    args.no_docs = args.no_docs or (args.quick and args.doc is None)
    args.doc = args.doc or DOC
    args.passes = [name.strip() for name in args.passes.split(",") if name.strip()]
    if not args.passes or set(args.passes) - set(configuration.PASS_NAMES):
        parser.error("--passes: warm, cold or warm,cold")
    args.passes = [name for name in configuration.PASS_NAMES if name in args.passes]
    args.scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    if min([args.connections, args.duration, args.rounds, args.learners, *args.scales]) < 1:
        parser.error("--learners, --scales, --duration, --rounds and --connections must be "
                     "positive")
    if not args.scales:
        args.scales = [args.learners]
    return args


# One scale ---------------------------------------------------------------------------------


def run_scale(scale, full, config, args):
    """Seed a fresh database with `scale` learners, then measure each pass over it: a run
    (a dict, as results-<configuration>.json keeps it) per pass."""
    log(f"{scale:,} learners: {'all pages' if full else 'caseload and cohort'}")
    with (scratch_database(scale, args.keep) as database_url,
          scratch_cache(config.cache_url, args.keep)):
        env = bench_env(database_url, config.cache_url)
        logfile = WORK / f"run-{scale}.log"
        logfile.unlink(missing_ok=True)
        for command in (["migrate", "--noinput"], ["createcachetable"], ["load_catalog"],
                        ["collectstatic", "--noinput"]):
            manage(env, *command, logfile=logfile)
        seed_seconds = seed(env, scale, logfile)
        picked = inprocess(env, "pick")
        log(f"  seed_demo: {seed_seconds:.1f} s; {picked['learners']:,} learners, "
            f"{picked['results']:,} results, caseload {picked['caseload']:,}")
        # One reference server for both passes; each pass measures it again in its rounds.
        with gunicorn("bench.reference.wsgi", {**env, "DJANGO_SETTINGS_MODULE": REF_SETTINGS},
                      WORK / f"ref-{scale}.log") as ref:
            runs = [run_pass(one, scale, full, database_url, ref, picked, args)
                    for one in config.passes(args.passes)]
    for run in runs:
        run["seed_seconds"] = seed_seconds
    return runs


def run_pass(one, scale, full, database_url, ref, picked, args):
    """Serve the app with the pass's cache and measure its pages against the references."""
    pages = [p for p in PAGES if one.name in p.passes and (full or p.every_scale)]
    log(f"  {one.name} pass: {one.description}")
    env = bench_env(database_url, one.cache_url)
    paths = {p: p.path.format(**picked) for p in pages}
    queries = count_queries(env, pages, paths, picked)
    with gunicorn("careersite.wsgi", env, WORK / f"app-{scale}-{one.name}.log") as app:
        cookies = log_in_everyone(app, ref, picked)
        rows = measure_pages(pages, {"app": app, "ref": ref}, paths, cookies, picked, args)
    for row, page in zip(rows, pages, strict=True):
        row.queries = queries.get((page.server, paths[page]), {})
    return {"learners": scale, "full": full, "pass": one.name, "cache": one.description,
            "picked": picked, "rows": [asdict(r) for r in rows]}


def measure_pages(pages, bases, paths, cookies, picked, args):
    """Check every page answers 200, then load them in rounds; a Row per page, in order.

    Each round loads every page for a slice of --duration, references first, so a page and
    its references share the machine's state of that minute; ratios are taken per round.
    """
    rows = {p: Row(p.name, paths[p], p.connections or args.connections) for p in pages}
    targets = {}
    for page in pages:
        url = bases[page.server] + paths[page]
        page_cookies = cookies[(page.server, page.user)] if page.user else None
        must = picked["learner"]["email"] if page.path == "/me" else ""
        rows[page].failure, took = check_page(url, page_cookies, must)
        if rows[page].failure:
            shout(f"{page.name} {paths[page]}: {rows[page].failure}; the row is marked failed")
        else:
            targets[page] = (url, page_cookies, *warm_up(rows[page], url, page_cookies, took, args))
    slices = {page: [] for page in targets}
    for number in range(1, args.rounds + 1):
        log(f"  round {number}/{args.rounds}: {len(targets)} pages")
        for page, (url, page_cookies, seconds, request_seconds) in targets.items():
            taken = load.run_wrk(url, page_cookies, rows[page].connections, seconds)
            load.settle(max(request_seconds, taken.longest_seconds))
            slices[page].append(taken)
    for page, taken in slices.items():
        summarise(rows[page], taken)
    add_ratios(rows, slices)
    return [rows[p] for p in pages]


def warm_up(row, url, page_cookies, took, args):
    """Warm a page up; return its slice length and how long one of its requests takes."""
    warm = load.run_wrk(url, page_cookies, row.connections,
                        slice_seconds(max(1, args.duration // 5), took))
    request_seconds = max(took, warm.longest_seconds)
    load.settle(request_seconds)
    base = max(1, round(args.duration / args.rounds))
    seconds = slice_seconds(base, request_seconds)
    if seconds > base:
        log(f"  {row.page}: {request_seconds:.1f} s a request, so {seconds} s slices")
    return seconds, request_seconds


def slice_seconds(base, request_seconds):
    """A slice long enough for a few requests of a slow page (up to 30 s)."""
    return max(base, min(30, math.ceil(3 * request_seconds)))


def summarise(row, slices):
    """Fill a Row from a page's slices, or mark it failed if any request failed."""
    total = load.merge(slices)
    if total.non_2xx or total.timeouts:
        row.failure = f"{total.non_2xx} non-2xx responses, {total.timeouts} timeouts under load"
        shout(f"{row.page} {row.path}: {row.failure}; the row is marked failed")
        return
    row.rps, row.requests = total.rps, total.requests
    row.p50_ms = load.percentile_ms(total.latencies, 50)
    row.p99_ms = load.percentile_ms(total.latencies, 99)
    row.round_rps = [part.rps for part in slices]
    row.socket_errors = dict(total.socket_errors)
    log(f"  {row.page:32} {row.rps:8.1f} req/s  p50 {tables.fmt(row.p50_ms, 2):>8} ms  "
        f"p99 {tables.fmt(row.p99_ms, 2):>8} ms")


def add_ratios(rows, slices):
    """Each page's rate over each reference's in the same round: the median and the range."""
    by_path = {row.path: page for page, row in rows.items()}
    for page, row in rows.items():
        if row.failure or page not in slices:
            continue
        for key, path in (("ratio_ok", "/ok"), ("ratio_me", "/me")):
            reference = by_path.get(path)
            if reference not in slices or rows[reference].failure:
                continue
            ratios = [mine.rps / theirs.rps for mine, theirs
                      in zip(slices[page], slices[reference], strict=True) if theirs.rps]
            if ratios:
                setattr(row, key, statistics.median(ratios))
                setattr(row, f"{key}_range", [min(ratios), max(ratios)])


def seed(env, scale, logfile):
    """Run seed_demo and return how many seconds it took."""
    started = time.perf_counter()
    manage(env, "seed_demo", "--learners", str(scale), "--password", PASSWORD, logfile=logfile)
    return time.perf_counter() - started


def count_queries(env, pages, paths, picked):
    """SQL queries per request of every page, counted in-process with Django's test client."""
    counts = {}
    for server, settings in (("app", APP_SETTINGS), ("ref", REF_SETTINGS)):
        for user in (LEARNER, COUNSELOR, None):
            wanted = sorted({paths[p] for p in pages if p.server == server and p.user == user})
            if wanted:
                email = picked[user or LEARNER]["email"]
                found = inprocess(env, "queries", email, *wanted, settings=settings)
                counts.update({(server, path): found[path] for path in wanted})
    return counts


def log_in_everyone(app, ref, picked):
    """Cookie headers of the learner and the counselor on the app, and the learner on /me."""
    def on_app(who):
        fields = {"login": picked[who]["email"], "password": PASSWORD}
        return log_in(app, "/accounts/login/", fields, picked[who]["email"])

    learner = picked[LEARNER]
    ref_fields = {"username": learner["username"], "password": PASSWORD}
    return {
        ("app", LEARNER): on_app(LEARNER),
        ("app", COUNSELOR): on_app(COUNSELOR),
        ("ref", LEARNER): log_in(ref, "/login", ref_fields, learner["email"]),
    }


def main(argv=None):
    args = parse_args(argv)
    config = configuration.from_environment()
    if not args.no_docs:
        report.check_doc(args.doc, config)
    require_wrk()
    load_at_start = os.getloadavg()[0]
    WORK.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    log(f"configuration {config.key}: {config.title}; passes {', '.join(args.passes)}")
    scales = sorted(set(args.scales) | {args.learners})
    runs = [run for scale in scales for run in run_scale(scale, scale == args.learners, config,
                                                          args)]
    results = {"configuration": config.key, "title": config.title, "runs": runs}
    (WORK / f"results-{config.key}.json").write_text(json.dumps(results, indent=2))
    scale_runs = [run for run in runs if run["learners"] in args.scales]
    minutes = (datetime.now(UTC) - started).seconds // 60
    machine = {"run": f"{started:%Y-%m-%d %H:%M} UTC, {minutes} min",
               **report.machine_info(load_at_start, config)}
    chart_name = report.chart_path(args.doc, config).name
    block = tables.block(config.key, config.title, runs, args.scales, machine,
                         report.command_line(config, args), chart_name,
                         args.rounds, sqlite=config.database == "sqlite")
    print("\n" + block)
    if not args.no_docs:
        report.write_docs(block, scale_runs, config, args)
    failed = [f"{run['learners']:,} {run['pass']}: {row['page']}" for run in runs
              for row in run["rows"] if row["failure"]]
    if failed:
        shout("these pages failed (see above and the logs in bench/.work): " + "; ".join(failed))
        return 1
    return 0


def terminated(signum, frame):
    """Turn SIGTERM into an exit that runs the cleanups (servers stopped, databases dropped)."""
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, terminated)
    try:
        sys.exit(main())
    except (BenchError, load.LoadError) as error:
        shout(str(error))
        sys.exit(1)
    except KeyboardInterrupt:
        shout("interrupted; no results written")
        sys.exit(130)
