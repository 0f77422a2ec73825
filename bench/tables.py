"""The Markdown that bench/run.py writes into docs/performance.md, from its results."""

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
ME = "reference: bare logged-in page"


def fmt(value, digits=1):
    return "—" if value is None else f"{value:,.{digits}f}"


def row_of(run, page_name):
    return next((row for row in run["rows"] if row["page"] == page_name), {})


def queries_text(queries):
    """'8', or '8 (20 cold)' when the first request took more queries than a warm one."""
    if not queries:
        return "—"
    if queries["cold"] == queries["warm"]:
        return str(queries["warm"])
    return f"{queries['warm']} ({queries['cold']} cold)"


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
    """Caseload and cohort at every scale, beside the seed time and the /me reference."""
    lines = ["| learners | seed_demo s | /me req/s | caseload req/s | caseload p50 / p99 ms "
             "| caseload × /me | cohort req/s | cohort p50 / p99 ms | cohort p50 ms, 1 conn |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for run in runs:
        me = row_of(run, ME)
        case, cohort = row_of(run, "counselor caseload"), row_of(run, "cohort view")
        single = row_of(run, "cohort view, 1 connection")
        lines.append(
            f"| {run['learners']:,} | {fmt(run['seed_seconds'])} | {cell(me, 'rps')} | "
            f"{cell(case, 'rps')} | {cell(case, 'p50_ms', 2)} / {cell(case, 'p99_ms', 2)} | "
            f"{cell(case, 'ratio_me', 3)} | {cell(cohort, 'rps')} | "
            f"{cell(cohort, 'p50_ms', 2)} / {cell(cohort, 'p99_ms', 2)} | "
            f"{cell(single, 'p50_ms', 2)} |")
    return lines


def measured(run, page, key):
    """A row's value, or 'failed' when the page failed."""
    row = row_of(run, page)
    return "failed" if row.get("failure") else row.get(key)


def budgets(runs, main, sqlite):
    """Each goal of issue 6 with what this run measured and whether it is met."""
    small, large = runs[0], runs[-1]
    before = measured(small, "counselor caseload", "ratio_me")
    after = measured(large, "counselor caseload", "ratio_me")
    if "failed" in (before, after):
        scaling = "failed"
    else:
        scaling = after / before if len(runs) > 1 and before and after else None
    goals = [
        ("learner dashboard ≥ 0.5 × /me", measured(main, "learner dashboard", "ratio_me"),
         lambda v: v >= 0.5, 3),
        ("assessment form ≥ 0.3 × /me", measured(main, "assessment form", "ratio_me"),
         lambda v: v >= 0.3, 3),
        ("counselor caseload ≥ 0.4 × /me", measured(main, "counselor caseload", "ratio_me"),
         lambda v: v >= 0.4, 3),
        (f"caseload (× /me) at {large['learners']:,} ≥ 0.8 × at {small['learners']:,}",
         scaling, lambda v: v >= 0.8, 3),
        (f"cohort p50 at 1 connection, {main['learners']:,} learners ≤ 100 ms",
         measured(main, "cohort view, 1 connection", "p50_ms"), lambda v: v <= 100, 1),
        (f"seed_demo {main['learners']:,} learners ≤ 60 s on SQLite", main["seed_seconds"],
         lambda v: v <= 60, 1),
    ]
    lines = ["| goal | measured | verdict |", "| --- | ---: | --- |"]
    for text, value, ok, digits in goals:
        if value == "failed":
            shown, verdict = "**FAILED**", "**not met** (the page failed)"
        else:
            shown = fmt(value, digits)
            verdict = "—" if value is None else ("met" if ok(value) else "**not met**")
        if "SQLite" in text and not sqlite:
            verdict = "n/a (a PostgreSQL run)"
        lines.append(f"| {text} | {shown} | {verdict} |")
    return lines


def block(runs, main, machine, command, chart_name, rounds, sqlite):
    """The Markdown between the bench markers: machine, pages, scales, chart, budgets."""
    picked = main["picked"]
    lines = [START, "", f"Command: `{command}`", "", "| machine | |", "| --- | --- |"]
    lines += [f"| {key} | {value} |" for key, value in machine.items()]
    lines += ["", f"### Every page at {main['learners']:,} learners", "",
              f"Learner pages as {picked['learner']['email']} (the dashboard shows their "
              f"latest result; the form has {picked['skills']} skills × 6 levels); counselor "
              f"pages as {picked['counselor']['email']}, all {picked['caseload']:,} learners "
              "on the caseload. SQL/request: a warm request (a first, cold one in brackets "
              "where it took more).", ""]
    lines += pages_table(main)
    lines += ["", noise_note(main, rounds), "", "### Caseload and cohort by caseload size", ""]
    lines += scales_table(runs)
    lines += ["", f"![Latency against caseload size]({chart_name})", "", "### Budgets", ""]
    lines += budgets(runs, main, sqlite)
    lines += ["", END]
    return "\n".join(lines)


def replace_block(text, new_block):
    """The document with its bench block replaced; ValueError if the markers are missing."""
    if START not in text or END not in text:
        raise ValueError(f"the {START} / {END} markers are missing")
    before, rest = text.split(START, 1)
    return before + new_block + rest.split(END, 1)[1]
