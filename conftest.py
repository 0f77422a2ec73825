"""The fixed cast of the test suite and a few make_* helpers."""

import pytest
from django.contrib.auth.models import Group, User

from roles.catalog import load_catalog
from roles.models import CONTENT_EDITORS_GROUP, Requirement, Role, Skill, SkillLevel

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 is deliberately slow; the suite creates many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what waits for a commit (e.g. a caseload's new version
    stamp) at the end of the block, as a real commit would; a test's own transaction never
    commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make_user(email, name="", groups=(), **fields):
    user = User.objects.create_user(
        username=email, email=email, password=PASSWORD, first_name=name, **fields
    )
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


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


@pytest.fixture
def catalog(db):
    """The real catalog file, loaded."""
    load_catalog()
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
