"""Load with wrk: one short run is a Slice; a page's slices merge into exact percentiles."""

import re
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
TIMEOUT = 30  # seconds, as gunicorn's worker timeout: a request this slow counts as failed


class LoadError(Exception):
    """wrk itself failed (not the page)."""


@dataclass
class Slice:
    """One wrk run: completed requests, errors, and the latency histogram (µs → requests)."""

    requests: int
    seconds: float
    non_2xx: int
    timeouts: int
    socket_errors: Counter = field(default_factory=Counter)
    latencies: Counter = field(default_factory=Counter)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def longest_seconds(self):
        return max(self.latencies, default=0) / 1e6


def run_wrk(url, cookies, connections, seconds):
    """Load url for `seconds` (whole seconds) on loopback and return the Slice."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", f"{TIMEOUT}s",
               "-s", str(SCRIPT), url]
    if cookies:
        command += ["-H", f"Cookie: {cookies}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          timeout=seconds + 60)
    if done.returncode:
        raise LoadError(f"wrk failed: {done.stderr.strip() or done.stdout.strip()}")
    return parse(done.stdout)


def settle(request_seconds):
    """Wait for requests wrk abandoned at its end to finish, so they don't slow the next run."""
    time.sleep(min(TIMEOUT, request_seconds))


def parse(text):
    """A Slice from the output of wrk with wrk_report.lua."""
    summary = re.search(r"^BENCH summary (\d+) (\d+) (\d+) (\d+)$", text, re.MULTILINE)
    if not summary:
        raise LoadError(f"no summary in wrk's output:\n{text}")
    requests, micros, non_2xx, timeouts = map(int, summary.groups())
    latencies = Counter()
    for value, count in re.findall(r"^BENCH latency (\d+) (\d+)$", text, re.MULTILINE):
        latencies[int(value)] += int(count)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       text)
    socket_errors = Counter()
    if errors:
        socket_errors.update(dict(zip(("connect", "read", "write", "timeout"),
                                      map(int, errors.groups()), strict=True)))
    return Slice(requests, micros / 1e6, non_2xx, timeouts, socket_errors, latencies)


def merge(slices):
    """One Slice summing several: requests, seconds, errors and histograms."""
    total = Slice(0, 0.0, 0, 0)
    for part in slices:
        total.requests += part.requests
        total.seconds += part.seconds
        total.non_2xx += part.non_2xx
        total.timeouts += part.timeouts
        total.socket_errors.update(part.socket_errors)
        total.latencies.update(part.latencies)
    return total


def percentile_ms(latencies, percent):
    """The latency (ms) that `percent` % of requests did not exceed, or None without data."""
    total = sum(latencies.values())
    if not total:
        return None
    seen = 0
    for value in sorted(latencies):
        seen += latencies[value]
        if seen >= total * percent / 100:
            return value / 1000
    return max(latencies) / 1000
