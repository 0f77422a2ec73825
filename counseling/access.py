"""Who may see what in the counselor workspace, decided from the database on every request.

- anonymous users are sent to log in;
- signed-in users outside the Counselors group (learners, content editors) get 404, so the
  workspace does not even reveal that it exists;
- a counselor reaches a learner only through assigned_learner(), which gives 404 for anyone
  not on their caseload, and results only through visible_results().
"""

import logging
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from assessments.models import Assessment

from .caseload import caseload_learner
from .models import is_counselor

security_log = logging.getLogger("careersite.security")


def visible_results(user):
    """The results a counselor may read: submitted ones of learners on their caseload."""
    if not is_counselor(user):
        return Assessment.objects.none()
    return Assessment.objects.submitted().filter(learner__counselor_assignments__counselor=user)


def counselor_required(view):
    """Let only counselors in: log in if anonymous, 404 for any other user."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_counselor(request.user):
            if request.user.is_authenticated:
                security_log.warning("access denied: user %s to %s", request.user.pk, request.path)
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def assigned_learner(request, learner_id):
    """The learner, if on the requesting counselor's caseload; otherwise 404."""
    learner = caseload_learner(request.user, learner_id)
    if learner is None:
        security_log.warning(
            "access denied: counselor %s to learner %s", request.user.pk, learner_id
        )
        raise Http404("No such learner.")
    return learner


def assigned_result(request, learner_id, pk):
    """(learner, one of their submitted results), both scoped to the caseload; otherwise 404."""
    learner = assigned_learner(request, learner_id)
    results = visible_results(request.user).filter(learner=learner)
    return learner, get_object_or_404(results.select_related("role"), pk=pk)
