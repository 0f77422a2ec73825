"""Who on a counselor's caseload needs attention now, and why: the "Needs attention" view.

A learner needs attention for any of four reasons, each of which holds from a moment known
when their caseload rows are written (caseload_store):

- a result that this counselor has not reviewed (validated levels, left feedback on or marked
  reviewed): from its submission;
- a result whose self-ratings are, on average over the skills a counselor validated, at least
  a level above the validated levels: from its submission;
- an open action item past its due date: from the day after it was due;
- no draft or result for settings.COUNSELOR_QUIET_DAYS days (counted from joining the
  caseload for a learner who never started): from that day.

So each learner's TriageRow holds the earliest of those moments, and the list is one range of
an index (`since` up to now, longest waiting first) whatever the caseload's size. The moments
that come with time fall on local midnight: the list changes only with the rows or the date.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

# A self-rating this many levels above the validated level, on average, is worth a talk.
OVERRATING = Decimal("1")

# The caseload filter's choices (?attention=<key>); "any" is every reason at once.
REASON_CHOICES = [
    ("any", "Any reason"),
    ("unreviewed", "New result not reviewed by you"),
    ("overdue", "Action item overdue"),
    ("quiet", "No recent activity"),
    ("overrated", "Self-rating above validated levels"),
]


@dataclass(frozen=True)
class Reason:
    kind: str  # a key of REASON_CHOICES
    text: str
    day: date  # when it started: submitted, due, or last active


def quiet_days():
    return settings.COUNSELOR_QUIET_DAYS


def start_of(day):
    """Local midnight at the start of a day."""
    return timezone.make_aware(datetime.combine(day, time.min))


def quiet_from(last_activity, assigned_at):
    """When a learner last active at `last_activity` (None: never) counts as gone quiet."""
    return start_of(timezone.localdate(last_activity or assigned_at) + timedelta(quiet_days()))


def overdue_from(due):
    return None if due is None else start_of(due + timedelta(days=1))


def is_overrated(bias):
    return bias is not None and bias >= OVERRATING


def since(rows):
    """The earliest moment from which any reason holds for a learner, from their caseload rows
    on one counselor's caseload (None if none ever will)."""
    moments = []
    for row in rows:
        moments += [row.quiet_from, overdue_from(row.earliest_due)]
        if row.submitted_at and (not row.reviewed or is_overrated(row.self_rating_bias)):
            moments.append(row.submitted_at)
    return min(filter(None, moments), default=None)


def reasons(rows, now=None):
    """The reasons that hold now for a learner, from their rows on one caseload, oldest first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    found = []
    for row in rows:
        if row.submitted_at and not row.reviewed:
            text = f"New {row.role_title} result, not reviewed by you"
            found.append(Reason("unreviewed", text, timezone.localdate(row.submitted_at)))
        if is_overrated(row.self_rating_bias):
            levels = f"{row.self_rating_bias:.1f}".removesuffix(".0")
            text = f"Rates themselves {levels} level{'' if levels == '1' else 's'} above the "
            text += f"validated levels on average ({row.role_title})"
            found.append(Reason("overrated", text, timezone.localdate(row.submitted_at)))
    first = rows[0]
    if first.earliest_due and first.earliest_due < today:
        found.append(Reason("overdue", "Action item overdue", first.earliest_due))
    if first.quiet_from and first.quiet_from <= now:
        last = first.last_activity
        if last:
            days = (today - timezone.localdate(last)).days
            found.append(Reason("quiet", f"No activity for {days} days", timezone.localdate(last)))
        else:
            joined = timezone.localdate(first.quiet_from) - timedelta(days=quiet_days())
            found.append(Reason("quiet", "Has not started an assessment", joined))
    return sorted(found, key=lambda reason: reason.day)


def reason_filter(kind, now=None):
    """Q over CaseloadRow for the rows of learners who need attention for one reason now."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    one = {
        "unreviewed": Q(submitted_at__isnull=False, reviewed=False),
        "overdue": Q(earliest_due__lt=today),
        "quiet": Q(quiet_from__lte=now),
        "overrated": Q(self_rating_bias__gte=OVERRATING),
    }
    if kind == "any":
        return one["unreviewed"] | one["overdue"] | one["quiet"] | one["overrated"]
    return one[kind]
