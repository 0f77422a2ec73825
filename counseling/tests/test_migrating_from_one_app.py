"""A database migrated by the release before counseling existed keeps every row (issue 11).

That release kept the counselor's models (Assignment, Invitation, Note, ActionItem,
CaseloadRow) in the assessments app. The test migrates the test database back to that
layout, writes rows with its historical models, migrates forward to the latest migrations,
and reads everything back with today's models.

Migrations need real commits (SQLite's schema editor refuses to run inside a `db` test's
transaction), so the test is transactional and its database is flushed afterwards, taking
the data migrations' groups with it. The module's last step, after that flush, leaves the
database fully migrated with those groups back, for the tests that run next.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython

from assessments.models import Assessment
from counseling.models import ActionItem, Assignment, CaseloadRow, Invitation, Note

# The last migration of the old layout: counseling's migrations did not exist yet.
OLD_LAYOUT = ("assessments", "0003_caseload_rows")
MOVED = ["assignment", "invitation", "note", "actionitem", "caseloadrow"]
# The migrations that write rows (groups) a flush removes.
DATA_MIGRATIONS = [
    ("assessments", "0002_counselors_group"),
    ("roles", "0002_content_editors_group"),
]
SUBMITTED = datetime(2026, 10, 5, 14, 30, tzinfo=UTC)


def migrate_to_old_layout():
    """Migrate back to the old layout; return its historical models."""
    executor = MigrationExecutor(connection)
    others = [
        node
        for node in executor.loader.graph.leaf_nodes()
        if node[0] not in {"assessments", "counseling"}
    ]
    executor.migrate([*others, OLD_LAYOUT, ("counseling", None)])
    executor.loader.build_graph()  # reread what is applied
    applied = executor.loader.applied_migrations
    assert OLD_LAYOUT in applied
    assert ("assessments", "0004_counseling_models_move") not in applied
    assert not [key for key in applied if key[0] == "counseling"]
    return executor.loader.project_state([*others, OLD_LAYOUT]).apps


def migrate_to_latest():
    """Apply every app's latest migration, then the post_migrate handlers, as the migrate
    command does (they create any content type or permission still missing)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    executor.loader.build_graph()
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return executor


@pytest.fixture(scope="module", autouse=True)
def leave_the_database_migrated(django_db_setup, django_db_blocker):
    """After the module's tests and their flushes: every migration applied, and the groups
    the data migrations create back in place, as the rest of the suite expects.

    Module-scoped so that it ends after the flush, which ends each transactional test.
    """
    yield
    with django_db_blocker.unblock():
        executor = migrate_to_latest()
        for key in DATA_MIGRATIONS:
            state = executor.loader.project_state(key, at_end=False)
            with connection.schema_editor() as schema_editor:
                for operation in executor.loader.graph.nodes[key].operations:
                    if isinstance(operation, RunPython):
                        operation.code(state.apps, schema_editor)


def create_old_rows(apps):
    """What counselors' work left under the old layout, written with its models."""
    get = apps.get_model

    def person(email, first="", last=""):
        return get("auth", "User").objects.create(
            username=email, email=email, first_name=first, last_name=last,
            password=make_password("correct horse battery staple"),
        )  # fmt: skip

    learner = person("learner@example.com", "Lena", "Learner")
    waiting = person("waiting@example.com")  # on the caseload, no result yet
    counselor = person("counselor@example.com", "Cora", "Counselor")
    counselor.groups.add(get("auth", "Group").objects.get_or_create(name="Counselors")[0])

    # A permission granted before the move, on a model that moves.
    note_type, _ = get("contenttypes", "ContentType").objects.get_or_create(
        app_label="assessments", model="note"
    )
    add_note, _ = get("auth", "Permission").objects.get_or_create(
        content_type=note_type, codename="add_note", defaults={"name": "Can add note"}
    )
    note_takers = get("auth", "Group").objects.create(name="Note takers")
    note_takers.permissions.add(add_note)
    counselor.groups.add(note_takers)

    role = get("roles", "Role").objects.create(
        title="Data wrangler", slug="data-wrangler", summary="Wrangles data."
    )
    sql = get("roles", "Skill").objects.create(name="SQL for wranglers", slug="sql-w")
    spark = get("roles", "Skill").objects.create(name="Spark for wranglers", slug="spark-w")
    get("roles", "Requirement").objects.create(role=role, skill=sql, level=4, importance=5)
    get("roles", "Requirement").objects.create(role=role, skill=spark, level=3, importance=3)

    result = get("assessments", "Assessment").objects.create(
        learner=learner, role=role, role_title=role.title, status="submitted",
        created_at=SUBMITTED - timedelta(hours=1), updated_at=SUBMITTED, submitted_at=SUBMITTED,
        readiness=Decimal("62.5"), previous_readiness=Decimal("40.0"),
        top_gap="SQL for wranglers", is_latest=True,
    )  # fmt: skip
    get("assessments", "Rating").objects.create(
        assessment=result, skill=sql, skill_name=sql.name, level=2, evidence="Wrote reports",
        required_level=4, importance=5, position=0, validated_level=3,
    )  # fmt: skip
    get("assessments", "Rating").objects.create(
        assessment=result, skill=spark, skill_name=spark.name, level=3, required_level=3,
        importance=3, position=1,
    )  # fmt: skip

    Assignment_ = get("assessments", "Assignment")
    Assignment_.objects.create(
        counselor=counselor, learner=learner, created_at=SUBMITTED - timedelta(days=30)
    )
    Assignment_.objects.create(counselor=counselor, learner=waiting)
    get("assessments", "Invitation").objects.create(
        counselor=counselor, token="old-invitation", expires_at=SUBMITTED + timedelta(days=14)
    )
    Note_ = get("assessments", "Note")
    Note_.objects.create(
        learner=learner, author=counselor, assessment=result, kind="feedback",
        body="Strong Spark work; SQL next.",
    )  # fmt: skip
    Note_.objects.create(
        learner=learner, author=counselor, kind="private", body="Asked about part-time study."
    )
    ActionItem_ = get("assessments", "ActionItem")
    ActionItem_.objects.create(
        learner=learner, author=counselor, assessment=result, text="Finish the SQL course",
        due=date(2026, 11, 1),
    )  # fmt: skip
    ActionItem_.objects.create(
        learner=learner, author=counselor, text="Book a mock interview", done_at=SUBMITTED
    )

    # The caseload copy as the old release kept it: a line per result, or one without.
    CaseloadRow_ = get("assessments", "CaseloadRow")
    CaseloadRow_.objects.create(
        counselor=counselor, learner=learner, assessment=result, role=role,
        name="Lena Learner", email=learner.email, sort_name="lena learner",
        role_title=role.title, readiness=Decimal("62.5"), trend=Decimal("22.5"),
        top_gap="SQL for wranglers", last_activity=SUBMITTED, open_items=1,
    )  # fmt: skip
    CaseloadRow_.objects.create(
        counselor=counselor, learner=waiting, email=waiting.email, sort_name=waiting.email,
        no_result=True, no_trend=True, no_activity=True,
    )  # fmt: skip
    return learner.pk, waiting.pk, counselor.pk, result.pk


def every_row(apps, owner):
    """Every column of every row of the moved tables (but the caseload copy, which the move
    rebuilds) and of the results they point to; `owner` is the app the models are in."""
    found = {}
    tables = [(owner, name) for name in MOVED if name != "caseloadrow"]
    for app_label, name in [*tables, ("assessments", "assessment"), ("assessments", "rating")]:
        model = apps.get_model(app_label, name)
        columns = [field.attname for field in model._meta.concrete_fields]
        found[name] = list(model.objects.order_by("pk").values(*columns))
    return found


@pytest.mark.slow
def test_a_database_from_the_old_layout_keeps_every_row(transactional_db):
    old_apps = migrate_to_old_layout()
    learner_id, waiting_id, counselor_id, result_id = create_old_rows(old_apps)
    before = every_row(old_apps, "assessments")
    permissions_before = Permission.objects.count()

    migrate_to_latest()
    ContentType.objects.clear_cache()

    # Every row with every value, read through today's models (columns added since left out).
    after = every_row(global_apps, "counseling")
    assert {
        name: [{column: row[column] for column in before[name][0]} for row in after[name]]
        for name in before
    } == before
    counts = {name: len(rows) for name, rows in before.items()}
    assert counts == {
        "assignment": 2, "invitation": 1, "note": 2, "actionitem": 2, "assessment": 1, "rating": 2
    }  # fmt: skip

    # Their relations, through today's models and related names.
    learner, counselor = User.objects.get(pk=learner_id), User.objects.get(pk=counselor_id)
    result = Assessment.objects.get(pk=result_id)
    assert {a.learner.email for a in counselor.caseload_assignments.all()} == {
        "learner@example.com",
        "waiting@example.com",
    }
    assert counselor.invitations.get().token == "old-invitation"
    feedback = result.notes.get()
    assert (feedback.kind, feedback.author, feedback.learner, feedback.body) == (
        Note.Kind.FEEDBACK,
        counselor,
        learner,
        "Strong Spark work; SQL next.",
    )
    private = learner.notes_about.get(kind=Note.Kind.PRIVATE)
    assert (private.body, private.assessment, private.author) == (
        "Asked about part-time study.",
        None,
        counselor,
    )
    assert [item.text for item in result.action_items.all()] == ["Finish the SQL course"]
    assert [(item.text, item.is_done) for item in learner.action_items.order_by("pk")] == [
        ("Finish the SQL course", False),
        ("Book a mock interview", True),
    ]
    assert [(r.skill_name, r.level, r.validated_level) for r in result.ratings.all()] == [
        ("SQL for wranglers", 2, 3),
        ("Spark for wranglers", 3, None),
    ]

    # The content types followed the models, and with them the permission granted earlier.
    for model in (Assignment, Invitation, Note, ActionItem, CaseloadRow):
        content_type = ContentType.objects.get_for_model(model)
        assert (content_type.app_label, content_type.model) == (
            "counseling",
            model._meta.model_name,
        )
    assert not ContentType.objects.filter(app_label="assessments", model__in=MOVED).exists()
    assert Permission.objects.count() == permissions_before  # none made twice
    granted = Group.objects.get(name="Note takers").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == ("counseling", "add_note")
    assert counselor.has_perm("counseling.add_note")

    # The caseload copy, rebuilt from its sources: a line per result, or one without.
    assert CaseloadRow.objects.count() == 2
    line = CaseloadRow.objects.get(counselor=counselor, learner=learner, role=result.role)
    assert (line.assessment, line.role_title, line.readiness, line.trend, line.top_gap) == (
        result,
        "Data wrangler",
        Decimal("62.5"),
        Decimal("22.5"),
        "SQL for wranglers",
    )
    assert (line.name, line.sort_name, line.last_activity, line.open_items) == (
        "Lena Learner",
        "lena learner",
        SUBMITTED,
        1,
    )
    assert not (line.no_result or line.no_trend or line.no_activity)
    waiting_line = CaseloadRow.objects.get(counselor=counselor, learner_id=waiting_id)
    assert (waiting_line.role, waiting_line.no_result, waiting_line.sort_name) == (
        None,
        True,
        "waiting@example.com",
    )
