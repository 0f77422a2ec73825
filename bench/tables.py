"""The Markdown that bench/run.py writes into docs/performance.md, from its results.

Each database configuration has its own block, between markers named by its key
(<!-- bench:sqlite:start --> … <!-- bench:sqlite:end -->), so a run rewrites only its own.
"""

import re

ME = "reference: bare logged-in page"
LEARNER_PAGE = "counselor's learner page"
ATTENTION = "needs attention"
MARKER = re.compile(r"^<!-- bench:([a-z0-9-]+):(start|end) -->$", re.MULTILINE)
PASS_TITLES = {"warm": "Warm", "cold": "Cold"}

# The budgets (issues 6, 11 and 14): a page at --learners, at least this × /me, in a pass.
RATIO_GOALS = [
    ("warm", "learner dashboard", 0.5),
    ("warm", "assessment form", 0.3),
    ("warm", "counselor caseload", 0.4),
    ("warm", ATTENTION, 0.4),
    ("cold", "learner dashboard", 0.15),
    ("cold", "assessment form", 0.12),
    ("cold", "counselor caseload", 0.12),
    ("cold", ATTENTION, 0.12),
    ("cold", LEARNER_PAGE, 0.08),
]
FLAT = 0.8  # the caseload's × /me at the largest scale, at least this × at the smallest


def start_marker(key):
    return f"<!-- bench:{key}:start -->"


def end_marker(key):
    return f"<!-- bench:{key}:end -->"


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def row_of(run, page_name):
    return next((row for row in (run or {}).get("rows", []) if row["page"] == page_name), {})


def of_pass(runs, name):
    """The runs of one pass ("warm" or "cold"), smallest scale first."""
    return sorted((run for run in runs if run["pass"] == name), key=lambda run: run["learners"])


def queries_text(queries):
    """'8', or '8 (20 first)' when the first request took more queries than a repeat.

    (inprocess.py's "cold" and "warm" are the first and the repeated request of one process,
    not the passes: a cold pass has first and repeated requests too.)
    """
    if not queries:
        return "—"
    if queries["cold"] == queries["warm"]:
        return str(queries["warm"])
    return f"{queries['warm']} ({queries['cold']} first)"


def ratio_text(row, key):
    """The median ratio over the rounds, with its range."""
    value, spread = row.get(key), row.get(f"{key}_range")
    if value is None:
        return "—"
    if not spread or spread[0] == spread[1]:
        return f"{value:.3f}"
    return f"{value:.3f} ({spread[0]:.2f}–{spread[1]:.2f})"


def pages_table(run):
    """Every page of one scale: rate, latency, queries and the two ratios."""
    lines = ["| page | path | conns | req/s | p50 ms | p99 ms | SQL/request | × /ok | × /me |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in run["rows"]:
        start = f"| {row['page']} | `{row['path']}` | {row['connections']} |"
        queries = queries_text(row["queries"])
        if row["failure"]:
            lines.append(f"{start} **FAILED: {row['failure']}** | | | {queries} | | |")
            continue
        lines.append(f"{start} {fmt(row['rps'])} | {fmt(row['p50_ms'], 2)} | "
                     f"{fmt(row['p99_ms'], 2)} | {queries} | {ratio_text(row, 'ratio_ok')} | "
                     f"{ratio_text(row, 'ratio_me')} |")
    return lines


def noise_note(run, rounds):
    """How much /me moved from round to round: how far to trust the ratios."""
    me = row_of(run, ME)
    rates = me.get("round_rps") or []
    if len(rates) < 2:
        return ""
    return (f"Ratios are medians of {rounds} rounds (range in brackets); in each round every "
            "page is loaded right after the references. /me ran at "
            f"{min(rates):,.0f}–{max(rates):,.0f} req/s from round to round.")


def cell(row, key, digits=1):
    if row.get("failure"):
        return "**FAILED**"
    return fmt(row.get(key), digits)


def scales_table(runs):
    """The caseload, the "Needs attention" list (and the cohort, in a pass that has it) at
    every scale, beside the seed time and the /me reference."""
    cohort_too = any(row_of(run, "cohort view") for run in runs)
    head = ["learners", "seed_demo s", "/me req/s", "caseload req/s", "caseload p50 / p99 ms",
            "caseload × /me", "needs attention p50 ms", "needs attention × /me"]
    if cohort_too:
        head += ["cohort req/s", "cohort p50 / p99 ms", "cohort p50 ms, 1 conn"]
    lines = ["| " + " | ".join(head) + " |", "|" + " ---: |" * len(head)]
    for run in runs:
        case = row_of(run, "counselor caseload")
        cells = [f"{run['learners']:,}", fmt(run["seed_seconds"]), cell(row_of(run, ME), "rps"),
                 cell(case, "rps"), f"{cell(case, 'p50_ms', 2)} / {cell(case, 'p99_ms', 2)}",
                 cell(case, "ratio_me", 3)]
        attention = row_of(run, ATTENTION)
        cells += [cell(attention, "p50_ms", 2), cell(attention, "ratio_me", 3)]
        if cohort_too:
            cohort = row_of(run, "cohort view")
            cells += [cell(cohort, "rps"),
                      f"{cell(cohort, 'p50_ms', 2)} / {cell(cohort, 'p99_ms', 2)}",
                      cell(row_of(run, "cohort view, 1 connection"), "p50_ms", 2)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def measured(run, page, key):
    """A row's value, 'failed' when the page failed, None when it was not measured."""
    row = row_of(run, page)
    return "failed" if row.get("failure") else row.get(key)


def pass_goals(name, main, scaled, learners):
    """(goal, measured value, test, digits) of one pass's budgets: main is its run at
    --learners, scaled its runs at --scales."""
    goals = []
    for one, page, least in RATIO_GOALS:
        if one != name:
            continue
        goals.append((f"{page} ≥ {least} × /me", measured(main, page, "ratio_me"),
                      lambda v, least=least: v >= least, 3))
        if page == "counselor caseload":
            goals.append(flatness_goal(scaled))
    if name == "warm":
        goals.append((f"cohort p50 at 1 connection, {learners:,} learners ≤ 100 ms",
                      measured(main, "cohort view, 1 connection", "p50_ms"),
                      lambda v: v <= 100, 1))
    return goals


def flatness_goal(runs):
    """The caseload's × /me at the largest scale over at the smallest (each scale has its own
    servers and references, so a machine slower at one scale does not count)."""
    small, large = runs[0], runs[-1]
    before = measured(small, "counselor caseload", "ratio_me")
    after = measured(large, "counselor caseload", "ratio_me")
    if "failed" in (before, after):
        scaling = "failed"
    else:
        scaling = after / before if len(runs) > 1 and before and after else None
    text = f"caseload (× /me) at {large['learners']:,} ≥ {FLAT} × at {small['learners']:,}"
    return text, scaling, lambda v: v >= FLAT, 3


def budgets(runs, scales, learners, sqlite):
    """Every goal with what this run measured and whether it is met, pass by pass."""
    lines = ["| pass | goal | measured | verdict |", "| --- | --- | ---: | --- |"]
    for name, title in PASS_TITLES.items():
        mine = of_pass(runs, name)
        if not mine:
            lines.append(f"| {title.lower()} | every goal of this pass | — | not run |")
            continue
        main = next((run for run in mine if run["full"]), None)
        scaled = [run for run in mine if run["learners"] in scales]
        lines += [verdict_line(title.lower(), *goal)
                  for goal in pass_goals(name, main, scaled, learners)]
    seeded = next(run["seed_seconds"] for run in runs if run["full"])
    verdict = None if sqlite else "n/a (a PostgreSQL run)"
    lines.append(verdict_line("—", f"seed_demo {learners:,} learners ≤ 60 s on SQLite", seeded,
                              lambda v: v <= 60, 1, verdict))
    return lines


def verdict_line(pass_name, text, value, ok, digits, verdict=None):
    if value == "failed":
        shown, found = "**FAILED**", "**not met** (the page failed)"
    else:
        shown = fmt(value, digits)
        found = "—" if value is None else ("met" if ok(value) else "**not met**")
    return f"| {pass_name} | {text} | {shown} | {verdict or found} |"


def block(key, title, runs, scales, machine, command, chart_name, rounds, sqlite):
    """One configuration's Markdown between its markers: machine, then each pass's pages and
    scales, the chart, and the budgets of both passes."""
    main = next(run for run in runs if run["full"])
    learners, picked = main["learners"], main["picked"]
    lines = [start_marker(key), "", f"### {title}", "", f"Command: `{command}`", "",
             "| machine | |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in machine.items()]
    lines += ["", f"Learner pages as {picked['learner']['email']} (the dashboard shows their "
              f"latest result; the form has {picked['skills']} skills × 6 levels); counselor "
              f"pages as {picked['counselor']['email']}, all {picked['caseload']:,} learners "
              f"on the caseload, the learner page showing {picked['learner']['email']}. "
              "SQL/request: a repeated request, in-process (the first one in brackets where it "
              "took more)."]
    for name, pass_title in PASS_TITLES.items():
        mine = of_pass(runs, name)
        full = next((run for run in mine if run["full"]), None)
        if full is None:
            continue
        lines += ["", f"#### {pass_title}: every page at {learners:,} learners", "",
                  f"{full['cache']}.", ""]
        lines += pages_table(full)
        note = noise_note(full, rounds)
        lines += ["", note] if note else []
        lines += ["", f"#### {pass_title}: by caseload size", ""]
        lines += scales_table([run for run in mine if run["learners"] in scales])
    lines += ["", f"![Latency against caseload size, {title}]({chart_name})", "",
              f"#### Budgets, {title}", ""]
    lines += budgets(runs, scales, learners, sqlite)
    lines += ["", end_marker(key)]
    return "\n".join(lines)


def replace_block(text, key, new_block):
    """The document with the block of configuration `key` replaced, or, if it has none yet,
    added after the last block of another configuration; ValueError if neither is possible.
    Markers count only on a line of their own, so the text can mention them."""
    start, end = start_marker(key), end_marker(key)
    found = {(m.group(1), m.group(2)): m for m in MARKER.finditer(text)}
    first, last = found.get((key, "start")), found.get((key, "end"))
    if first and last and first.start() < last.start():
        return text[:first.start()] + new_block + text[last.end():]
    if first or last:
        raise ValueError(f"{start} and {end} must both be there, in that order")
    ends = [m for (_, side), m in found.items() if side == "end"]
    if not ends:
        raise ValueError(f"no bench block: put {start} and {end}, each on a line of its own, "
                         "where its results go")
    cut = max(m.end() for m in ends)
    return text[:cut] + "\n\n" + new_block + text[cut:]
