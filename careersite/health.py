"""The health check a load balancer polls: the database, the shared cache and the mail queue.

The probes run side by side, each in a thread of its own with its own connections, and the
answer waits for them at most PROBE_DEADLINE: a dependency that hangs (a stopped database
still accepts connections and then says nothing, and libpq's connect timeout cannot be under
2 s) is reported as "timeout" rather than holding the check. A probe that overruns finishes
in the background, bounded by the connect and socket timeouts in settings.py.

503 when the database or the cache is not "ok": without the cache nobody can sign in (the
login throttle lives there). A mail backlog is reported, not fatal: the worker catches up.
"""

import threading
import time

from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.db.models import Count, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .cache import CACHE_ERRORS

PROBE_KEY = "healthz:probe"
PROBE_DEADLINE = 1.5  # seconds for all probes together: the whole answer comes within 2 s


@require_GET
@never_cache
def healthz(request):
    database, cache_state = _run_side_by_side([probe_database, probe_cache], PROBE_DEADLINE)
    if isinstance(database, dict):
        report = {"database": "ok", "cache": cache_state, "mail_queue": database}
    else:
        report = {"database": database, "cache": cache_state, "mail_queue": "unknown"}
    if report["database"] != "ok" or report["cache"] != "ok":
        return JsonResponse({"status": "error", **report}, status=503)
    return JsonResponse({"status": "ok", **report})


def _run_side_by_side(probes, deadline):
    """Each probe's answer, or "timeout" for a probe still running after `deadline` seconds."""
    answers = ["timeout"] * len(probes)

    def run(index, probe):
        try:
            answers[index] = probe()
        finally:
            connections.close_all()  # this thread's own; nobody else would close them

    threads = [
        threading.Thread(target=run, args=(index, probe), daemon=True)
        for index, probe in enumerate(probes)
    ]
    for thread in threads:
        thread.start()
    give_up_at = time.monotonic() + deadline
    for thread in threads:
        thread.join(max(0.0, give_up_at - time.monotonic()))
    return list(answers)


def probe_database():
    """The mail queue's size and age, which needs the database to answer, or "unavailable"."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        queue = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
            waiting=Count("pk"), oldest=Min("enqueued_at")
        )
    except DatabaseError:
        return "unavailable"
    oldest = queue["oldest"]
    age = 0 if oldest is None else round((timezone.now() - oldest).total_seconds())
    return {"waiting": queue["waiting"], "oldest_seconds": age}


def probe_cache():
    try:
        cache.set(PROBE_KEY, "ok", 10)
        return "ok" if cache.get(PROBE_KEY) == "ok" else "unavailable"
    except (*CACHE_ERRORS, DatabaseError):
        return "unavailable"
