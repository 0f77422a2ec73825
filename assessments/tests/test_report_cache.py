"""The cached report changes as soon as a counselor changes what it shows."""

import pytest

from assessments.models import Rating
from counseling.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(client, learner, counselor, make_role, make_result):
    role = make_role("cached", skills=2, level=4, importance=2)
    result = make_result(learner, role, level=4)
    Assignment.objects.assign(counselor=counselor, learner=learner)
    client.force_login(learner)
    first = client.get(f"/assessments/{result.pk}/").content.decode()
    assert "validated by a counselor" not in first and "100%" in first
    return result


def test_validated_levels_show_on_the_next_view(client, learner, counselor, reviewed):
    client.force_login(counselor)
    skill_ids = Rating.objects.filter(assessment=reviewed).values_list("skill_id", flat=True)
    levels = {f"validated_{skill_id}": "2" for skill_id in skill_ids}
    url = f"/counselor/learners/{learner.pk}/results/{reviewed.pk}/levels/"
    assert client.post(url, levels).status_code == 302
    client.force_login(learner)
    page = client.get(f"/assessments/{reviewed.pk}/").content.decode()
    assert "validated by a counselor" in page and "50%" in page
    assert "you rate yourself higher than your counselor by about 2.0 levels" in page


def test_feedback_and_action_items_show_on_the_next_view(client, learner, counselor, reviewed):
    client.force_login(counselor)
    base = f"/counselor/learners/{learner.pk}"
    client.post(f"{base}/notes/", {"kind": "feedback", "body": "Strong Python evidence."})
    client.post(f"{base}/actions/", {"text": "Build a CI pipeline", "due": ""})
    client.force_login(learner)
    page = client.get(f"/assessments/{reviewed.pk}/").content.decode()
    assert "Strong Python evidence." in page and "Build a CI pipeline" in page
