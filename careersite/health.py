"""The health check a load balancer polls: the database, the shared cache and the mail queue.

Each probe is bounded (the cache by its one-second socket timeout, the database by its
connect timeout), so the answer comes within about two seconds even while a dependency hangs.
503 when the database or the cache is down: without the cache nobody can sign in (the login
throttle lives there). A mail backlog is reported, not fatal: the worker catches up.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .cache import CACHE_ERRORS

PROBE_KEY = "healthz:probe"


@require_GET
@never_cache
def healthz(request):
    report = {"database": _database(), "cache": _cache()}
    report["mail_queue"] = _mail_queue() if report["database"] == "ok" else "unknown"
    if "unavailable" in (report["database"], report["cache"]):
        return JsonResponse({"status": "error", **report}, status=503)
    return JsonResponse({"status": "ok", **report})


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def _cache():
    try:
        cache.set(PROBE_KEY, "ok", 10)
        return "ok" if cache.get(PROBE_KEY) == "ok" else "unavailable"
    except (*CACHE_ERRORS, DatabaseError):
        return "unavailable"


def _mail_queue():
    """How many messages wait, and how long the oldest has waited, in seconds."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    queue = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
        waiting=Count("pk"), oldest=Min("enqueued_at")
    )
    oldest = queue["oldest"]
    age = 0 if oldest is None else round((timezone.now() - oldest).total_seconds())
    return {"waiting": queue["waiting"], "oldest_seconds": age}
