"""What a bench run writes: the machine it ran on, the command, its docs block and chart."""

import os
import platform
import re
import subprocess
from pathlib import Path

import configuration
import plot
import tables
from common import BenchError, log
from servers import cache_version, database_version


def machine_info(load_at_start, config):
    """What the numbers were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    meminfo = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
    import django
    import gunicorn as gunicorn_package

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return {
        "cpus (nproc)": len(os.sched_getaffinity(0)),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory": f"{int(meminfo.group(1)) / 1024 / 1024:.1f} GiB" if meminfo else "?",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": f"{gunicorn_package.__version__}, 2 sync workers",
        "wrk": (wrk_version.stdout + wrk_version.stderr).split("[")[0].strip(),
        "database": database_version(),
        "cache, warm pass": cache_version(config.cache_url),
        "cache, cold pass": f"none: CACHE_URL={configuration.COLD_CACHE_URL}",
        "load average (1 min), start → end": f"{load_at_start:.2f} → {os.getloadavg()[0]:.2f}",
    }


def command_line(config, args):
    scales = ",".join(map(str, args.scales))
    passes = "" if args.passes == list(configuration.PASS_NAMES) else \
        f" --passes {','.join(args.passes)}"
    environment = f"{config.environment()} " if config.environment() else ""
    return (f"{environment}bench/run.py --learners {args.learners} --scales {scales} "
            f"--duration {args.duration} --rounds {args.rounds} "
            f"--connections {args.connections}{passes}")


def chart_path(doc, config):
    return doc.parent / f"performance-caseload-{config.key}.svg"


def check_doc(doc, config):
    """Fail before the run, not after it, if its block could not be written."""
    try:
        tables.replace_block(doc.read_text(), config.key, "")
    except (OSError, ValueError) as error:
        raise BenchError(f"{doc}: {error}") from error


def write_docs(block, runs, config, args):
    """Replace this configuration's block of the doc and redraw its chart."""
    chart_file = chart_path(args.doc, config)
    try:
        args.doc.write_text(tables.replace_block(args.doc.read_text(), config.key, block))
    except ValueError as error:
        raise BenchError(f"{args.doc}: {error}") from error
    chart_file.write_text(chart(runs, config, args))
    log(f"wrote the {config.key} block of {args.doc} and {chart_file}")


def chart(runs, config, args):
    """The latency-against-caseload SVG: the caseload and cohort pages warm, the caseload cold."""
    series = {}
    for one, page, label in (("warm", "counselor caseload", "caseload"),
                             ("warm", "cohort view", "cohort"),
                             ("cold", "counselor caseload", "cold caseload")):
        mine = tables.of_pass(runs, one)
        if not mine:
            continue
        for key in ("p50_ms", "p99_ms"):
            values = [tables.row_of(run, page).get(key) for run in mine]
            missing = " (failed)" if all(v is None for v in values) else ""
            series[f"{label} {key[:3]}{missing}"] = values
    title = f"{config.title}: caseload and cohort, {args.connections} connections"
    learners = sorted({run["learners"] for run in runs})
    return plot.latency_chart(learners, series, title)
