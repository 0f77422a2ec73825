"""What a report reads of the learner's own results: their results for its role, and the
ratings of one result and of the one before it.

Two written-out statements, for the same reason as catalog_reads.py: a report is built on
every uncached view of a result, and the ORM spent longer building these statements (the
history's join to its role, the ratings' ordering) than the database spent running them:
0.86 and 0.82 ms against 0.41 and 0.55 ms here, on PostgreSQL. Model.objects.raw() gives
model instances with each database's values converted, as the ORM does. Tables and columns
are the models' own.
"""

from careersite.joined import joined
from roles.models import Role

from .models import Assessment, Rating

# Every submitted result of one learner for one role, with what the report shows of the role.
HISTORY_SQL = """
SELECT a.*, r.title AS joined_role_title, r.slug AS joined_role_slug
  FROM {assessment} a JOIN {role} r ON r.id = a.role_id
 WHERE a.learner_id = %s AND a.role_id = %s AND a.status = %s
"""

# The ratings of one or two results, each result's in the role's order.
RATINGS_SQL = """
SELECT * FROM {rating} WHERE assessment_id IN ({results}) ORDER BY position, skill_name
"""


def submitted_results(learner_id, role_id):
    """The learner's submitted results for the role, in no particular order, sharing one
    Role loaded with its title and slug (any other field is read if asked for, as with
    `only()`)."""
    sql = HISTORY_SQL.format(assessment=Assessment._meta.db_table, role=Role._meta.db_table)
    results = list(Assessment.objects.raw(sql, [learner_id, role_id, Assessment.Status.SUBMITTED]))
    if results:
        first = results[0]
        title, slug = first.joined_role_title, first.joined_role_slug
        role = joined(Role, id=role_id, title=title, slug=slug)
        for result in results:
            result.role = role
    return results


def ratings_of(result_ids):
    """The ratings of these results (one or two ids), in the role's order."""
    sql = RATINGS_SQL.format(
        rating=Rating._meta.db_table, results=", ".join(["%s"] * len(result_ids))
    )
    return list(Rating.objects.raw(sql, list(result_ids)))
