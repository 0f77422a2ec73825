"""What a learner's counselors left for them: who follows them, action items, feedback.

Read from the database on every view of the learner's dashboard, through the
`{% follow_up %}` tag in templatetags/follow_up.py: these rows change often and carry forms,
so caching them bought little and cost a layer of invalidation. One statement that reads
only the columns shown: the dashboard is the page learners open most.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib.auth import get_user_model
from django.db import connection

from .models import ActionItem, Assignment, Note

FEEDBACK_SHOWN = 20


@dataclass(frozen=True)
class Counselor:
    id: int
    name: str


@dataclass(frozen=True)
class Item:
    id: int
    text: str
    due: date | None
    is_done: bool
    author: str  # "" once the author's account is gone


@dataclass(frozen=True)
class Feedback:
    body: str
    created_at: datetime
    author: str  # "" once the author's account is gone


def display_name(first_name, last_name, email):
    """As User.get_full_name(), or the email when there is no name."""
    return f"{first_name or ''} {last_name or ''}".strip() or email or ""


# One statement for the three lists, written out: built with the ORM (a union of three
# annotated querysets) it cost 2.5 ms of Python per view, against 0.1 ms to run it. Tables
# and columns are the models' own. The three parts name the person to show (the counselor,
# or the author) and one join outside the union adds their names: PostgreSQL plans that in
# a third of the time a join in each part takes. The feedback's newest are picked in a
# subquery, since a part of a UNION may not carry its own LIMIT on SQLite.
FOLLOW_UP_SQL = """
SELECT f.part, f.id, f.words, f.due, f.done_at, f.written, u.first_name, u.last_name, u.email
  FROM (SELECT 'counselor' AS part, counselor_id AS id, '' AS words, NULL AS due,
               NULL AS done_at, created_at AS written, counselor_id AS person
          FROM {assignment}
         WHERE learner_id = %(learner)s
        UNION ALL
        SELECT 'item', id, text, due, done_at, created_at, author_id
          FROM {item}
         WHERE learner_id = %(learner)s
        UNION ALL
        SELECT 'feedback', id, body, NULL, NULL, created_at, author_id
          FROM {note}
         WHERE id IN (SELECT id FROM {note}
                       WHERE learner_id = %(learner)s AND kind = %(feedback)s
                       ORDER BY created_at DESC, id DESC LIMIT %(shown)s)) f
  LEFT JOIN {user} u ON u.id = f.person
"""


def load_follow_up(learner_id):
    """The learner's counselors, action items and latest feedback, as lists, from one
    statement; each list is put in order here."""
    sql = FOLLOW_UP_SQL.format(
        assignment=Assignment._meta.db_table,
        item=ActionItem._meta.db_table,
        note=Note._meta.db_table,
        user=get_user_model()._meta.db_table,
    )
    params = {"learner": learner_id, "feedback": Note.Kind.FEEDBACK, "shown": FEEDBACK_SHOWN}
    rows = {"counselor": [], "item": [], "feedback": []}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for part, row_id, words, due, done_at, written, first, last, email in cursor.fetchall():
            rows[part].append(
                _Row(
                    row_id,
                    words,
                    _day(due),
                    _moment(done_at),
                    _moment(written),
                    display_name(first, last, email),
                )
            )
    return {
        "counselors": [
            Counselor(row.id, row.name) for row in sorted(rows["counselor"], key=_newest_first)
        ],
        "action_items": [
            Item(row.id, row.words, row.due, row.done_at is not None, row.name)
            for row in sorted(rows["item"], key=_item_order)
        ],
        "feedback": [
            Feedback(row.words, row.written, row.name)
            for row in sorted(rows["feedback"], key=_newest_first)
        ],
    }


# A raw cursor gets what the driver gives: PostgreSQL's dates and times, SQLite's text (in
# UTC, as Django stores it).
def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _moment(value):
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value


@dataclass(frozen=True)
class _Row:
    id: int
    words: str
    due: date | None
    done_at: datetime | None
    written: datetime
    name: str


def _newest_first(row):
    return (-row.written.timestamp(), -row.id)


def _item_order(row):
    """Open before done (the earliest done first); the soonest due, undated after; the newest."""
    return (
        row.done_at is not None,
        row.done_at or EARLIEST,
        row.due is None,
        row.due or date.min,
        -row.written.timestamp(),
        row.id,
    )


EARLIEST = datetime.min.replace(tzinfo=UTC)
