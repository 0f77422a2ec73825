"""Faults staged against the real thing (issue 12), PostgreSQL: cut off, refusing or silent,
/healthz says so within 2 s, and answers 200 again once it is back.
"""

import re

import pytest

from .fault_site import Site, Visitor, manage, production_env
from .fault_world import DatabaseLine, wait_for

pytestmark = pytest.mark.slow


def test_the_health_check_says_so_within_two_seconds_when_postgresql_is_unreachable(
    scratch_postgres, static_root, free_port, tmp_path
):
    line = DatabaseLine(free_port(), ("127.0.0.1", 5432))
    direct = scratch_postgres
    through_line = re.sub(r"@[^/]+/", f"@127.0.0.1:{line.port}/", direct)
    manage(production_env(direct, "locmem://", "dummy://", static_root), "migrate", "-v0")
    env = production_env(through_line, "locmem://", "dummy://", static_root)
    line.relay()
    site = Site(env, free_port(), tmp_path)
    site.start(worker=False)
    try:
        assert Visitor(site).get("/healthz").status == 200
        for cut in [line.refuse, line.go_silent]:
            cut()
            health = Visitor(site).get("/healthz")
            assert health.status == 503, f"{cut.__name__}: {health.status}"
            assert health.seconds < 2, f"{cut.__name__}: {health.seconds:.2f} s"
            line.relay()
            wait_for(lambda: Visitor(site).get("/healthz").status == 200, "the database again")
    finally:
        site.stop()
        line.cut()
