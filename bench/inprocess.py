"""In-process probes against a bench database: pick the users and pages, count SQL queries.

Run by bench/run.py with DATABASE_URL and DJANGO_SETTINGS_MODULE set; prints JSON.
    python bench/inprocess.py pick
    python bench/inprocess.py queries EMAIL PATH [PATH ...]
"""

import json
import sys

import django


def pick():
    """The learner, result and counselor the run measures, and the size of the data."""
    from django.contrib.auth.models import User

    from assessments.models import Assessment
    from roles.models import Requirement

    role_slug = "mlops-engineer"
    results = Assessment.objects.submitted().filter(is_latest=True, role__slug=role_slug)
    drafting = Assessment.objects.drafts().filter(role__slug=role_slug).values("learner")
    # learner1 if it qualifies: a latest result, and no draft (a draft turns the form into a
    # redirect to the draft).
    candidates = results.exclude(learner__in=drafting).select_related("learner")
    preferred = candidates.filter(learner__email="learner1@example.com").first()
    result = preferred or candidates.order_by("learner_id").first()
    if result is None:
        raise SystemExit(f"no learner has a submitted {role_slug} result without a draft")
    counselor = User.objects.get(email="counselor@example.com")
    # The counselor's learner page shows the same learner: on the caseload, with results.
    if not counselor.caseload_assignments.filter(learner=result.learner).exists():
        raise SystemExit(f"{result.learner.email} is not on {counselor.email}'s caseload")
    return {
        "learner": {"email": result.learner.email, "username": result.learner.username},
        "counselor": {"email": counselor.email, "username": counselor.username},
        "dashboard_id": result.pk,
        "learner_id": result.learner_id,
        "role": role_slug,
        "skills": Requirement.objects.filter(role__slug=role_slug).count(),
        "learners": User.objects.filter(email__startswith="learner").count(),
        "caseload": counselor.caseload_assignments.count(),
        "results": Assessment.objects.submitted().count(),
    }


def queries(email, paths):
    """Status and SQL queries of one GET per path: the first (cold) and a repeat (warm)."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False, headers={"host": "127.0.0.1"})
    client.force_login(User.objects.get(email=email))
    counts = {}
    for path in paths:
        runs = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            runs.append((response.status_code, len(captured)))
        counts[path] = {"status": runs[1][0], "cold": runs[0][1], "warm": runs[1][1]}
    return counts


def main(argv):
    """Dispatch the subcommand and print its JSON."""
    django.setup()
    if argv[:1] == ["pick"]:
        print(json.dumps(pick()))
    elif argv[:1] == ["queries"] and len(argv) >= 3:
        print(json.dumps(queries(argv[1], argv[2:])))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
