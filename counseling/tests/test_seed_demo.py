"""seed_demo: the demo cast, results consistent with submit_assessment, and a safe second run."""

import io
from collections import defaultdict

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from assessments import gaps
from assessments.models import Assessment, Rating
from assessments.report import validated_readiness_percent
from assessments.submission import as_percent, to_skill_rating
from counseling.models import ActionItem, Assignment, CaseloadRow, Note, TriageRow, is_counselor
from roles.models import Requirement

pytestmark = pytest.mark.django_db


def seed(learners=12, seed=1):
    out = io.StringIO()
    call_command("seed_demo", learners=learners, password="demo-pass-123", seed=seed, stdout=out)
    return out.getvalue()


def test_it_creates_the_cast_with_one_password(db):
    output = seed()
    assert "Seeding learners: 12/12" in output and "learner12@example.com" in output
    counselor = User.objects.get(email="counselor@example.com")
    staff = User.objects.get(email="staff@example.com")
    assert is_counselor(counselor) and not is_counselor(staff)
    assert staff.is_staff and staff.groups.filter(name="Content editors").exists()
    learners = User.objects.filter(email__startswith="learner")
    assert learners.count() == 12
    assert all(u.check_password("demo-pass-123") for u in [counselor, staff, *learners])
    assert Assignment.objects.filter(counselor=counselor).count() == 12


def test_every_learner_has_one_to_four_submitted_results(db):
    seed()
    for learner in User.objects.filter(email__startswith="learner"):
        results = learner.assessments.all()
        assert 1 <= results.count() <= 4
        assert all(r.status == "submitted" for r in results)


def test_results_hold_what_submit_assessment_would_store(db):
    seed()
    ratings = defaultdict(list)
    for rating in Rating.objects.order_by("position"):
        ratings[rating.assessment_id].append(rating)
    requirements = {(r.role_id, r.skill_id): r for r in Requirement.objects.all()}
    history = defaultdict(list)
    for result in Assessment.objects.order_by("submitted_at"):
        history[(result.learner_id, result.role_id)].append(result)
        own = ratings[result.pk]
        assert {r.skill_id for r in own} == {
            skill for role, skill in requirements if role == result.role_id
        }
        for r in own:
            requirement = requirements[(result.role_id, r.skill_id)]
            assert (r.required_level, r.importance) == (requirement.level, requirement.importance)
        scored = [to_skill_rating(r) for r in own]
        assert result.readiness == as_percent(gaps.readiness(scored))
        top = gaps.gaps(scored)
        assert result.top_gap == (top[0].name if top else "")
        assert result.validated_readiness == validated_readiness_percent(result)
    for results in history.values():
        assert [r.is_latest for r in results] == [False] * (len(results) - 1) + [True]
        assert results[0].previous_readiness is None
        for earlier, later in zip(results, results[1:], strict=False):
            assert later.previous_readiness == earlier.readiness
            assert earlier.submitted_at < later.submitted_at


def test_the_data_is_varied_and_includes_follow_up(db):
    seed(learners=40)
    readiness = set(Assessment.objects.values_list("readiness", flat=True))
    assert len(readiness) > 20
    bands = {gaps.band(float(r)) for r in readiness}
    assert len(bands) >= 3
    assert Note.objects.filter(kind="feedback").exists()
    assert ActionItem.objects.exists()
    assert Rating.objects.filter(validated_level__isnull=False).exists()
    improving = sum(
        1
        for a in Assessment.objects.filter(previous_readiness__isnull=False)
        if a.readiness >= a.previous_readiness
    )
    assert improving > Assessment.objects.filter(previous_readiness__isnull=False).count() / 2


def test_the_same_seed_gives_the_same_data(db):
    seed(learners=5, seed=7)
    first = list(Rating.objects.order_by("pk").values_list("skill_name", "level"))
    Assessment.objects.all().delete()
    User.objects.all().delete()
    seed(learners=5, seed=7)
    assert list(Rating.objects.order_by("pk").values_list("skill_name", "level")) == first


def test_a_second_run_changes_nothing(db):
    seed()
    counts = (User.objects.count(), Assessment.objects.count(), Rating.objects.count())
    output = seed(learners=30)
    assert "already there" in output
    assert (User.objects.count(), Assessment.objects.count(), Rating.objects.count()) == counts


def test_the_counselor_workspace_works_on_the_demo_data(client, db):
    seed()
    client.force_login(User.objects.get(email="counselor@example.com"))
    response = client.get("/counselor/caseload/")
    assert response.status_code == 200
    # Bulk inserts send no signals: the seed fills the caseload table itself, as a rebuild would.
    latest = Assessment.objects.filter(is_latest=True).count()
    assert f"Rows 1–{min(latest, 50)} of {latest}." in response.content.decode()
    columns = ["learner_id", "role_id", "readiness", "reviewed", "plan_done", "plan_total"]
    stored = sorted(CaseloadRow.objects.values_list(*columns))
    assert any(row[-1] for row in stored)  # some learners follow a plan
    triage = sorted(TriageRow.objects.values_list("learner_id", "since"))
    call_command("rebuild_caseload", stdout=io.StringIO())
    assert sorted(CaseloadRow.objects.values_list(*columns)) == stored
    assert sorted(TriageRow.objects.values_list("learner_id", "since")) == triage
    assert client.get("/counselor/cohort/").status_code == 200
    learner = User.objects.get(email="learner1@example.com")
    assert client.get(f"/counselor/learners/{learner.pk}/").status_code == 200


@pytest.mark.parametrize("args", [{"learners": 0}, {"learners": -3}])
def test_bad_arguments_are_refused(db, args):
    with pytest.raises(CommandError):
        call_command("seed_demo", password="demo-pass-123", stdout=io.StringIO(), **args)


def test_demo_accounts_sign_in_where_addresses_must_be_confirmed(client, settings, db):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # production's default
    seed(3)
    for email in ("learner2@example.com", "counselor@example.com"):
        response = client.post("/accounts/login/", {"login": email, "password": "demo-pass-123"})
        assert response.status_code == 302 and "confirm-email" not in response["Location"]
        assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)
        client.logout()
