"""What the catalog offers a report: the courses for its gaps, the other roles to fit, and
the free resources for the skills no course covers.

Written-out statements. Built with the ORM, the first two reads cost about 1.0 and 0.7 ms of
Python each time a report is rendered (the courses' nested filter and the joins' ordering
take most of it), against 0.06 and 0.08 ms here; a report is rendered on every uncached view
of a result, the learner's and the counselor's. Tables and columns are the models' own.
"""

from django.db import connection

from roles.models import Course, CourseSkill, LearningResource, Requirement, Role, Skill

# Every outcome of each course that teaches one of the skills, with its course's columns,
# in the learning path's tie-break order: the course's title.
COURSE_OUTCOMES_SQL = """
SELECT c.id, c.title, c.slug, c.provider, c.url, c.hours, o.skill_id, o.level
  FROM {outcome} o JOIN {course} c ON c.id = o.course_id
 WHERE o.course_id IN (SELECT course_id FROM {outcome} WHERE skill_id IN ({skills}))
 ORDER BY c.title, c.id, o.skill_id
"""

# The requirements of every published role but one, each role's in the catalog's order.
OTHER_ROLES_SQL = """
SELECT r.slug, r.title, q.skill_id, s.name, q.level, q.importance
  FROM {requirement} q
  JOIN {role} r ON r.id = q.role_id
  JOIN {skill} s ON s.id = q.skill_id
 WHERE r.is_published AND q.role_id <> %s
 ORDER BY q.role_id, s.kind, q.importance DESC, s.name
"""

# The free resources of some skills, by title (the report groups them by skill).
RESOURCES_SQL = "SELECT * FROM {resource} WHERE skill_id IN ({skills}) ORDER BY title, id"

# In the model's field order, as Model.from_db() takes them.
COURSE_COLUMNS = ("id", "title", "slug", "provider", "url", "hours")


def course_outcomes(skill_ids):
    """(course, skill id, level) for every outcome of the courses teaching any of these
    skills. Each course is one Course throughout, loaded with the columns a report and a plan
    use (any other is read from the database if asked for, as with `only()`)."""
    if not skill_ids:
        return []
    sql = COURSE_OUTCOMES_SQL.format(
        outcome=CourseSkill._meta.db_table,
        course=Course._meta.db_table,
        skills=", ".join(["%s"] * len(skill_ids)),
    )
    courses, outcomes = {}, []
    with connection.cursor() as cursor:
        cursor.execute(sql, list(skill_ids))
        for *columns, skill_id, level in cursor.fetchall():
            course = courses.get(columns[0])
            if course is None:
                course = Course.from_db(connection.alias, COURSE_COLUMNS, columns)
                courses[columns[0]] = course
            outcomes.append((course, skill_id, level))
    return outcomes


def other_roles_requirements(role_id):
    """(slug, title, skill id, skill name, level, importance) of each requirement of every
    published role but this one."""
    sql = OTHER_ROLES_SQL.format(
        requirement=Requirement._meta.db_table,
        role=Role._meta.db_table,
        skill=Skill._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [role_id])
        return cursor.fetchall()


def resources(skill_ids):
    """The free resources of these skills, by title: as LearningResource's own order within
    each skill, without that order's join to the skill (0.6 ms of ORM against 0.3)."""
    if not skill_ids:
        return []
    sql = RESOURCES_SQL.format(
        resource=LearningResource._meta.db_table, skills=", ".join(["%s"] * len(skill_ids))
    )
    return list(LearningResource.objects.raw(sql, list(skill_ids)))
