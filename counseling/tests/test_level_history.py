"""Counselors' validated levels keep their history: who set which level, when."""

import pytest

from assessments.models import Rating
from counseling.models import Assignment, LevelValidation

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(counselor, other_counselor, learner, make_role, make_result):
    for person in (counselor, other_counselor):
        Assignment.objects.assign(counselor=person, learner=learner)
    return make_result(learner, make_role("history-role", skills=2, level=3), level=4)


def validate(client, person, result, **levels):
    client.force_login(person)
    url = f"/counselor/learners/{result.learner_id}/results/{result.pk}/levels/"
    skills = dict(result.ratings.values_list("skill__slug", "skill_id"))
    data = {f"validated_{skills[slug]}": level for slug, level in levels.items()}
    return client.post(url, data)


def test_each_change_is_kept_with_its_counselor_and_the_level_it_replaced(
    client, counselor, other_counselor, result
):
    first, second = sorted(result.ratings.values_list("skill__slug", flat=True))
    assert validate(client, counselor, result, **{first: 2, second: 3}).status_code == 302
    validate(client, other_counselor, result, **{first: 3, second: 3})  # one change
    validate(client, other_counselor, result, **{first: 3, second: 3})  # none

    changes = list(
        LevelValidation.objects.order_by("id").values_list(
            "rating__skill__slug", "counselor__email", "previous", "level"
        )
    )
    assert changes == [
        (first, "counselor@example.com", None, 2),
        (second, "counselor@example.com", None, 3),
        (first, "counselor2@example.com", 2, 3),
    ]
    assert Rating.objects.get(assessment=result, skill__slug=first).validated_level == 3

    page = client.get(f"/counselor/learners/{result.learner_id}/").content.decode()
    assert "(3 changes)" in page
    skill = Rating.objects.get(assessment=result, skill__slug=first).skill_name
    assert f"Carl Counselor: {skill}, 2 · Beginner → 3 · Intermediate" in page
    assert f"Cora Counselor: {skill}, Not reviewed → 2 · Beginner" in page


def test_clearing_a_level_is_a_change_too(client, counselor, result):
    first, _ = sorted(result.ratings.values_list("skill__slug", flat=True))
    validate(client, counselor, result, **{first: 1})
    validate(client, counselor, result)  # every skill back to "Not reviewed"
    assert list(LevelValidation.objects.order_by("id").values_list("previous", "level")) == [
        (None, 1),
        (1, None),
    ]
