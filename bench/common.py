"""What every part of the bench shares: paths, the fixed secrets, errors and logging."""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
BIN = Path(sys.executable).parent
SECRET_KEY = "bench-only-secret-key-never-used-outside-bench-run-py-0123456789"  # noqa: S105
APP_SETTINGS, REF_SETTINGS = "careersite.settings", "bench.reference.settings"


class BenchError(Exception):
    """A step of the run failed in a way that makes its numbers meaningless."""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def shout(message):
    """Print a failure so nobody can miss it."""
    print(f"\n!!! BENCH FAILURE: {message}\n", file=sys.stderr, flush=True)
