"""The report in words a learner understands: the summary first, then the counselor's
follow-up, then the details; terms explained; courses and similar careers described truly."""

import pytest

from assessments.gaps import SkillRating, Summary, in_prose, summary
from counseling.models import ActionItem, Assignment, Note
from roles.models import Course, CourseSkill, Skill

# --- the summary's maths and words, without the database ---


def rating(name, level, required, importance=3):
    return SkillRating(name.lower(), name, level, required, importance)


def test_the_summary_counts_met_skills_and_names_the_three_biggest_gaps():
    ratings = [
        rating("Python", 4, 3),  # met, above the requirement
        rating("SQL", 3, 3),  # met exactly
        rating("Docker", 0, 4, importance=5),  # weighted gap 20
        rating("Kubernetes", 1, 4, importance=4),  # 12
        rating("CI/CD", 1, 3, importance=5),  # 10
        rating("Terraform", 2, 3, importance=2),  # 2
    ]
    found = summary(ratings)
    assert (found.met, found.total, found.gap_count) == (2, 6, 4)
    assert found.biggest == ("Docker", "Kubernetes", "CI/CD")
    assert found.start_with == "Docker"
    assert found.to_learner == (
        "You have reached the required level in 2 of 6 skills. "
        "Your three biggest gaps are Docker, Kubernetes and CI/CD. "
        "Start with Docker: one level more there raises your readiness most."
    )


def test_the_skill_to_start_with_is_the_one_a_level_helps_most_not_the_biggest_gap():
    # Kubernetes is 3 levels short at importance 3 (9); Docker 1 short at importance 5 (5):
    # one more level of Docker adds 5 points of weight, one of Kubernetes only 3.
    found = summary([rating("Kubernetes", 1, 4, importance=3), rating("Docker", 2, 3, 5)])
    assert found.biggest == ("Kubernetes", "Docker")
    assert found.start_with == "Docker"
    assert "Your two gaps are Kubernetes and Docker. Start with Docker:" in found.to_learner


def test_the_summary_speaks_about_the_learner_to_a_counselor():
    found = summary([rating("Python", 3, 3), rating("Docker", 0, 2), rating("Git", 1, 2)])
    assert found.about_learner == (
        "This learner has reached the required level in 1 of 3 skills. "
        "Their two gaps are Docker and Git. "
        "The best place to start is Docker: one level more there raises their readiness most."
    )


@pytest.mark.parametrize(
    "ratings, expected",
    [
        (
            [rating("Python", 5, 3), rating("SQL", 3, 3)],
            "You have reached the required level in all 2 skills.",
        ),
        ([rating("Python", 3, 3)], "You have reached the required level in the one skill."),
        (
            [rating("Python", 3, 3), rating("Docker", 1, 2)],
            "You have reached the required level in 1 of 2 skills. Your one gap is Docker.",
        ),
        (
            [rating("Python", 0, 3), rating("Docker", 1, 2)],
            "You have not reached the required level in any skill yet. "
            "Your two gaps are Python and Docker. "
            "Start with Python: one level more there raises your readiness most.",
        ),
        ([], "There are no skills to compare."),
    ],
)
def test_the_summary_reads_well_at_the_edges(ratings, expected):
    assert summary(ratings).to_learner == expected


def test_three_gaps_are_not_called_the_biggest_of_more():
    found = Summary(met=0, total=3, gap_count=3, biggest=("A", "B", "C"), start_with="A")
    assert "Your three gaps are A, B and C." in found.to_learner


def test_names_are_listed_as_in_a_sentence():
    assert [in_prose(names) for names in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "",
        "A",
        "A and B",
        "A, B and C",
    ]


# --- the pages ---


@pytest.fixture
def followed(learner, counselor, catalog, make_result):
    """A learner's MLOps result, with feedback and an open action item from their counselor."""
    result = make_result(learner, catalog, level=2, levels={"python": 5, "docker": 0})
    Assignment.objects.assign(counselor=counselor, learner=learner)
    Note.objects.create(learner=learner, author=counselor, assessment=result, body="Great start")
    ActionItem.objects.add(
        learner=learner, author=counselor, assessment=result, text="Finish a Docker tutorial"
    )
    return result


def positions(page, *texts):
    return [page.index(text) for text in texts]


def test_the_dashboard_shows_the_summary_then_the_follow_up_then_the_details(
    client, learner, followed
):
    client.force_login(learner)
    url = f"/assessments/{followed.pk}/"
    for _ in ("rendered", "from the cache"):
        page = client.get(url).content.decode()
        summary_at, feedback_at, item_at, table_at, note_at = positions(
            page,
            "You have reached the required level in",
            "Great start",
            "Finish a Docker tutorial",
            "Every skill, the gaps that matter most first",
            "How is this calculated?",
        )
        assert summary_at < feedback_at < table_at and item_at < table_at < note_at
        assert "Your three biggest gaps are Docker," in page


def test_the_counselor_reads_the_summary_about_the_learner(client, learner, counselor, followed):
    client.force_login(counselor)
    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    assert "This learner has reached the required level in" in page
    assert "Their three biggest gaps are Docker," in page
    assert "You have reached" not in page


def test_terms_are_explained_or_gone(client, learner, counselor, followed):
    followed.ratings.filter(skill__slug="python").update(validated_level=3)  # a calibration
    client.force_login(learner)
    page = client.get(f"/assessments/{followed.pk}/").content.decode()
    assert "you rate yourself higher than your counselor by about 2.0 levels" in page
    jargon = ["Weighted gap", "Skills compared", "Required but not rated here", "positive means"]
    assert [term for term in jargon if term in page] == []
    assert "levels short × the skill's importance to the role" in page
    assert "Only the skills a career shares with this one count towards its fit" in page


@pytest.fixture
def docker_course_below(learner, make_role, make_result):
    """A role needing Docker at 4 and Git at 3; the learner is at 3 and 1. The catalog's one
    Docker course only reaches 2, its Git course reaches 3."""
    role = make_role("platform", skills=0)
    docker = Skill.objects.create(name="Docker", slug="docker")
    git = Skill.objects.create(name="Git", slug="git")
    role.requirements.create(skill=docker, level=4, importance=3)
    role.requirements.create(skill=git, level=3, importance=3)
    for title, skill, level in [("Docker basics", docker, 2), ("Git in depth", git, 3)]:
        course = Course.objects.create(title=title, slug=title.lower().replace(" ", "-"))
        CourseSkill.objects.create(course=course, skill=skill, level=level)
    return make_result(learner, role, levels={"docker": 3, "git": 1})


def test_a_skill_no_course_goes_beyond_is_named_so_even_if_a_course_teaches_it(
    client, learner, docker_course_below
):
    client.force_login(learner)
    page = client.get(f"/assessments/{docker_course_below.pk}/").content.decode()
    path = page[page.index('id="path-heading"') : page.index('id="fit-heading"')]
    assert "No course covers" not in path
    beyond = path[
        path.index("No course or free resource in the catalog goes beyond your level in:") :
    ]
    assert "Docker (1 level short)" in beyond
    assert "Git in depth" in path and "Git" not in beyond


def test_each_similar_career_links_to_its_page_and_its_assessment(client, learner, followed):
    client.force_login(learner)
    page = client.get(f"/assessments/{followed.pk}/").content.decode()
    fit = page[page.index('id="fit-heading"') : page.index('id="history-heading"')]
    for slug, title in [
        ("devops-engineer", "DevOps engineer"),
        ("data-scientist", "Data scientist"),
    ]:
        assert f'href="/roles/{slug}/">{title}</a>' in fit
        assert f'href="/assessments/new/{slug}/">Take the {title} assessment</a>' in fit


def test_the_counselor_is_not_offered_the_learners_assessments(
    client, learner, counselor, followed
):
    client.force_login(counselor)
    page = client.get(f"/counselor/learners/{learner.pk}/").content.decode()
    fit = page[page.index('id="fit-heading"') : page.index('id="history-heading"')]
    assert 'href="/roles/devops-engineer/"' in fit
    assert "/assessments/new/" not in fit
