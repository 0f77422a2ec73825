"""What the counselor's page of one learner reads besides the report: the learner's results
with this counselor's review of each, the notes and action items with their authors, the
learner's lines of the caseload copy, and who set which level of the result shown.

Written-out statements, for the reason given in assessments/result_reads.py: a counselor
going through their learners one by one gets this page uncached every time, and the ORM
spent longer building these statements (their joins, their ordering) than the database spent
running them: 1.0 ms for the results, 0.6 for the reviews, 0.9 each for the notes and the
action items and 0.8 for the level history, against 0.4 to 0.5 ms for each statement here, on
PostgreSQL. `Model.objects.raw()` converts the model's own columns as the ORM does, and
careersite/joined.py the columns of the joined rows. Tables, columns and orderings are the
models' own.
"""

from django.contrib.auth import get_user_model

from assessments.models import Assessment
from careersite.joined import joined
from roles.models import Role

from .models import ActionItem, CaseloadRow, LevelValidation, Note, ResultReview

# The learner's submitted results, newest first, each with its role's title and slug and, if
# this counselor reviewed it, their review.
RESULTS_SQL = """
SELECT a.*, r.title AS joined_role_title, r.slug AS joined_role_slug,
       v.id AS review_id, v.how AS review_how, v.reviewed_at AS review_reviewed_at
  FROM {assessment} a
  JOIN {role} r ON r.id = a.role_id
  LEFT JOIN {review} v ON v.assessment_id = a.id AND v.counselor_id = %s
 WHERE a.learner_id = %s AND a.status = %s
 ORDER BY a.submitted_at DESC, a.id DESC
"""

# Rows with the person who wrote them (an author, a counselor), by the model's own order.
WITH_PERSON_SQL = """
SELECT w.*, u.first_name AS person_first_name, u.last_name AS person_last_name,
       u.email AS person_email
  FROM {written} w LEFT JOIN {user} u ON u.id = w.{person}_id
 WHERE w.{key} IN ({values})
 ORDER BY {order}
"""


def results_with_reviews(learner_id, counselor_id):
    """The learner's submitted results, newest first, each with `role` (its id, title and
    slug loaded) and `my_review`: the counselor's ResultReview of it, or None."""
    sql = RESULTS_SQL.format(
        assessment=Assessment._meta.db_table,
        role=Role._meta.db_table,
        review=ResultReview._meta.db_table,
    )
    params = [counselor_id, learner_id, Assessment.Status.SUBMITTED]
    results, roles = list(Assessment.objects.raw(sql, params)), {}
    for result in results:
        if result.role_id not in roles:
            title, slug = result.joined_role_title, result.joined_role_slug
            roles[result.role_id] = joined(Role, id=result.role_id, title=title, slug=slug)
        result.role = roles[result.role_id]
        result.my_review = None
        if result.review_id is not None:
            result.my_review = joined(
                ResultReview,
                id=result.review_id,
                counselor_id=counselor_id,
                assessment_id=result.pk,
                how=result.review_how,
                reviewed_at=result.review_reviewed_at,
            )
    return results


def notes_of(learner_id):
    """The learner's notes, newest first, each with its author (None once the account is
    gone) loaded with their names and email."""
    return _with_person(Note, "author", "learner_id", [learner_id], "w.created_at DESC, w.id DESC")


def action_items_of(learner_id):
    """The learner's action items in the model's order, each with its author as notes_of()."""
    order = "w.done_at, w.due, w.created_at DESC"
    return _with_person(ActionItem, "author", "learner_id", [learner_id], order)


# The columns of the caseload copy that triage.reasons() reads (any other is read if asked for).
REASON_COLUMNS = (
    "id, submitted_at, reviewed, role_title, self_rating_bias, earliest_due, quiet_from, "
    "last_activity"
)


def caseload_lines(counselor_id, learner_id):
    """The learner's lines of the counselor's caseload copy, for what needs attention."""
    table = CaseloadRow._meta.db_table
    sql = f"SELECT {REASON_COLUMNS} FROM {table} WHERE counselor_id = %s AND learner_id = %s"
    return list(CaseloadRow.objects.raw(sql, [counselor_id, learner_id]))


def level_history(ratings):
    """Who set which level of these ratings (one result's), newest first, each change with its
    rating and its counselor as notes_of() gives authors."""
    by_id = {rating.pk: rating for rating in ratings}
    if not by_id:
        return []
    changes = _with_person(
        LevelValidation, "counselor", "rating_id", list(by_id), "w.at DESC, w.id DESC"
    )
    for change in changes:
        change.rating = by_id[change.rating_id]
    return changes


def _with_person(model, person, key, values, order):
    """The rows of model whose `key` is one of values, in `order`, each with its `person` (a
    foreign key to a user) loaded with their names and email, or None once the account is
    gone."""
    users = get_user_model()
    sql = WITH_PERSON_SQL.format(
        written=model._meta.db_table,
        user=users._meta.db_table,
        person=person,
        key=key,
        values=", ".join(["%s"] * len(values)),
        order=order,
    )
    rows = list(model.objects.raw(sql, values))
    for row in rows:
        person_id, found = getattr(row, f"{person}_id"), None  # None: the account is gone
        if person_id is not None:
            found = joined(
                users,
                id=person_id,
                first_name=row.person_first_name,
                last_name=row.person_last_name,
                email=row.person_email,
            )
        setattr(row, person, found)
    return rows
