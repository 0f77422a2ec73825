"""The fixed cast of the test suite and a few make_* helpers, all handed out as fixtures.

A test asks for what it uses by name, `def test_it(client, learner, make_role, password)`;
nothing imports from here. Each helper is a plain function below, and its fixture returns it.
"""

import os
import socket
import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from roles.catalog import load_catalog
from roles.catalog_version import one_change
from roles.models import (
    CONTENT_EDITORS_GROUP,
    Course,
    CourseSkill,
    Figure,
    LearningResource,
    Requirement,
    Responsibility,
    Role,
    Skill,
    SkillLevel,
)

PASSWORD = "correct horse battery staple"

# `make test-fast` passes --hypothesis-profile=fast: each property with a fifth of the examples.
# `make test` and a plain `pytest` run hypothesis's default profile, a hundred examples each.
hypothesis_settings.register_profile("fast", max_examples=20)

# What load_catalog writes, each table after the tables it points to.
CATALOG_MODELS = [
    Skill,
    SkillLevel,
    Role,
    Role.similar_roles.through,
    Requirement,
    Responsibility,
    Figure,
    Course,
    CourseSkill,
    LearningResource,
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; the suite creates many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def static_files_found_on_request(settings):
    # WhiteNoise otherwise indexes all of staticfiles/ whenever a test client starts, which is
    # once a test: a fifth of the suite's time. No test here asks the test client for a static
    # file; the deploy and gunicorn tests serve them as production does.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def mail_goes_through_the_queue(settings):
    # Django's test runner swaps every MAILERS entry for its in-memory backend. Put the queue
    # back in front, as in settings.py: mail the app sends becomes queued tasks, and reaches
    # mail.outbox (through "outgoing", still in-memory) only when deliver_mail() runs them.
    settings.MAILERS = {**settings.MAILERS, "default": {"BACKEND": "careersite.mail.EmailQueue"}}


@pytest.fixture
def deliver_mail(db, monkeypatch, mailoutbox):
    """`deliver_mail()` runs every queued task that is due, as `manage.py db_worker --batch`
    would, and returns mail.outbox: every message the outgoing mailer has taken so far."""
    from django_tasks_db.management.commands import db_worker

    # Between tasks the worker closes a connection that is not in autocommit, as Django does
    # between requests; in a test that connection holds the test's transaction, so leave it
    # open, as the test client does for requests.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def deliver():
        db_worker.Worker(
            queue_names=["default"],
            excluded_queue_names=[],
            backend_name="default",
            worker_id="test-worker",
            interval=0,
            batch=True,
            startup_delay=False,
            max_tasks=None,
        ).run()
        return mailoutbox

    return deliver


@pytest.fixture
def page_queries(client, django_assert_max_num_queries):
    """`page_queries(url, budget)`: GET the page with the test client, check it answers 200
    in at most `budget` queries, and say how many it made."""

    def count(url, budget):
        with django_assert_max_num_queries(budget) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    return count


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what waits for a commit (e.g. a caseload's new version
    stamp) at the end of the block, as a real commit would; a test's own transaction never
    commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(name="free_port")
def fixture_free_port():
    return free_port


@pytest.fixture
def scratch_postgres():
    """The URL of an empty PostgreSQL database, dropped afterwards: on the server the suite
    runs on, or on this machine's (127.0.0.1:5432); skipped if there is none."""
    psycopg = pytest.importorskip("psycopg")
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith("postgres"):
        suite_url = "postgres://postgres@127.0.0.1:5432/postgres"
    server = suite_url.rsplit("/", 1)[0]
    name = f"careersite_scratch_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server at {server}: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def scratch_database(request, tmp_path):
    """A DATABASE_URL for an empty database of the suite's own kind: a SQLite file, or a
    scratch PostgreSQL database when the suite runs on PostgreSQL."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return request.getfixturevalue("scratch_postgres")
    return f"sqlite:///{tmp_path / 'scratch.sqlite3'}"


@pytest.fixture
def password():
    """The password of every user make_user creates."""
    return PASSWORD


def make_user(email, name="", groups=(), **fields):
    user = User.objects.create_user(
        username=email, email=email, password=PASSWORD, first_name=name, **fields
    )
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(name="make_user")
def fixture_make_user(db):
    return make_user


@pytest.fixture
def learner(db):
    return make_user("learner@example.com", "Lena Learner")


@pytest.fixture
def other_learner(db):
    return make_user("other@example.com", "Otto Other")


@pytest.fixture
def counselor(db):
    return make_user("counselor@example.com", "Cora Counselor", groups=["Counselors"])


@pytest.fixture
def other_counselor(db):
    return make_user("counselor2@example.com", "Carl Counselor", groups=["Counselors"])


@pytest.fixture
def staff(db):
    return make_user(
        "staff@example.com", "Stan Staff", groups=[CONTENT_EDITORS_GROUP], is_staff=True
    )


@pytest.fixture(scope="session")
def catalog_rows(django_db_setup, django_db_blocker):
    """Every row load_catalog writes from the real catalog file, read once and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_catalog()
        rows = {model: list(model.objects.order_by("pk").values()) for model in CATALOG_MODELS}
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def catalog(db, catalog_rows):
    """The real catalog file, loaded.

    load_catalog makes a few hundred upserts, most of a second; the suite asks for the catalog
    over a hundred times, so this writes the same rows one insert per table. The database
    gives them new ids, and each foreign key follows its row.
    """
    new_ids = {}
    with one_change():  # as load_catalog does: the catalog stamp changes once
        for model, rows in catalog_rows.items():
            relations = [field for field in model._meta.concrete_fields if field.is_relation]
            objs = []
            for row in rows:
                values = {name: value for name, value in row.items() if name != "id"}
                for field in relations:
                    values[field.attname] = new_ids[field.related_model][row[field.attname]]
                objs.append(model(**values))
            model.objects.bulk_create(objs)
            new_ids[model] = {row["id"]: obj.pk for row, obj in zip(rows, objs, strict=True)}
    return Role.objects.get(slug="mlops-engineer")


def make_role(slug="test-role", skills=5, level=3, importance=3, **fields):
    """A published role requiring `skills` new skills, each with six level descriptors."""
    role = Role.objects.create(
        slug=slug, title=fields.pop("title", slug.title()), summary="A role.", **fields
    )
    for i in range(skills):
        skill = Skill.objects.create(name=f"{slug} skill {i}", slug=f"{slug}-skill-{i}")
        SkillLevel.objects.bulk_create(
            SkillLevel(skill=skill, level=n, description=f"{skill.name} at level {n}")
            for n in range(6)
        )
        Requirement.objects.create(role=role, skill=skill, level=level, importance=importance)
    return role


@pytest.fixture(name="make_role")
def fixture_make_role(db):
    return make_role


def make_result(learner, role, level=3, levels=None):
    """Submit a result through submit_assessment: every skill at `level`, `levels` by skill slug."""
    from assessments.models import Assessment
    from assessments.submission import submit_assessment

    requirements = list(Requirement.objects.filter(role=role).select_related("skill"))
    levels = levels or {}
    return submit_assessment(
        assessment=Assessment(learner=learner, role=role, role_title=role.title),
        requirements=requirements,
        levels={r.skill_id: levels.get(r.skill.slug, level) for r in requirements},
        evidence={r.skill_id: "" for r in requirements},
    )


@pytest.fixture(name="make_result")
def fixture_make_result(db):
    return make_result


def form_data(role, level=3, action="submit", token=None, **overrides):
    """POST data rating every skill of the role at `level`; overrides by skill slug."""
    data = {action: "1"}
    if token:
        data["token"] = token
    for requirement in Requirement.objects.filter(role=role).select_related("skill"):
        value = overrides.get(requirement.skill.slug, level)
        if value is not None:
            data[f"level_{requirement.skill_id}"] = value
        data[f"evidence_{requirement.skill_id}"] = ""
    return data


@pytest.fixture(name="form_data")
def fixture_form_data(db):
    return form_data


def start_token(client, role):
    """The token a fresh assessment form for the role carries, as a browser would see it."""
    response = client.get(f"/assessments/new/{role.slug}/")
    return response.context["form"].initial["token"]


@pytest.fixture(name="start_token")
def fixture_start_token(db):
    return start_token
