"""Properties of the gap maths that must hold for any ratings and courses (hypothesis)."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from assessments.gaps import (
    CourseOption,
    SkillRating,
    gaps,
    learning_path,
    next_best_skill,
    readiness,
    strengths,
)

KEYS = [f"s{i}" for i in range(6)]
levels = st.integers(0, 5)
positive_levels = st.integers(1, 5)


@st.composite
def rating_lists(draw, min_size=0):
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=min_size, unique=True))
    return [
        SkillRating(
            key=key,
            # Few names, so equal names occur and tie-breaking gets exercised.
            name=draw(st.sampled_from(["Alpha", "Beta", "Gamma"])),
            level=draw(levels),
            required=draw(positive_levels),
            importance=draw(positive_levels),
        )
        for key in keys
    ]


course_lists = st.lists(
    st.builds(
        CourseOption,
        key=st.sampled_from(["c1", "c2", "c3", "c4"]),
        title=st.sampled_from(["A", "B", "C"]),
        hours=st.none() | st.integers(0, 50),
        teaches=st.dictionaries(st.sampled_from(KEYS + ["other"]), positive_levels, max_size=4),
    ),
    max_size=6,
)


@given(rating_lists())
def test_readiness_is_always_between_zero_and_hundred(ratings):
    assert 0.0 <= readiness(ratings) <= 100.0


@given(rating_lists())
def test_readiness_is_zero_whenever_all_levels_are_zero(ratings):
    assert readiness([replace(r, level=0) for r in ratings]) == 0.0


@given(rating_lists(min_size=1), st.data())
def test_readiness_is_hundred_whenever_all_levels_meet_required(ratings, data):
    met = [replace(r, level=data.draw(st.integers(r.required, 5))) for r in ratings]
    assert readiness(met) == 100.0


@given(rating_lists(min_size=1), st.data())
def test_raising_any_one_level_never_lowers_readiness(ratings, data):
    i = data.draw(st.integers(0, len(ratings) - 1))
    raised = list(ratings)
    raised[i] = replace(ratings[i], level=data.draw(st.integers(ratings[i].level, 5)))
    assert readiness(raised) >= readiness(ratings)


def total_weighted_gap(ratings):
    return sum(r.weighted_gap for r in ratings)


def improved_by_one(ratings, key):
    return [replace(r, level=r.level + 1) if r.key == key else r for r in ratings]


@given(rating_lists())
def test_next_best_skill_improves_readiness_at_least_as_much_as_any_other_gap(ratings):
    best = next_best_skill(ratings)
    if best is None:
        assert gaps(ratings) == []
        return
    assert best.gap > 0
    best_score = readiness(improved_by_one(ratings, best.key))
    for other in gaps(ratings):
        assert best_score >= readiness(improved_by_one(ratings, other.key))


@given(rating_lists())
def test_gaps_and_strengths_split_every_rating(ratings):
    split = gaps(ratings) + strengths(ratings)
    assert sorted(r.key for r in split) == sorted(r.key for r in ratings)


@given(rating_lists(), course_lists)
def test_learning_path_steps_all_gain_and_never_increase_the_gap(ratings, courses):
    path = learning_path(ratings, courses)
    assert path.remaining_weighted_gap <= total_weighted_gap(ratings)
    assert all(step.weighted_gain > 0 and step.closes for step in path.steps)


@given(rating_lists(), course_lists)
def test_learning_path_gains_sum_to_the_gap_it_closes(ratings, courses):
    path = learning_path(ratings, courses)
    gained = sum(step.weighted_gain for step in path.steps)
    assert gained == total_weighted_gap(ratings) - path.remaining_weighted_gap


@given(rating_lists(), course_lists)
def test_learning_path_leaves_no_course_that_could_still_gain(ratings, courses):
    path = learning_path(ratings, courses)
    leftover = path.uncovered + path.partly_covered
    # Running the path again from where it ends must find nothing more to do.
    assert learning_path(leftover, courses).steps == ()
    assert set(r.key for r in leftover) <= set(r.key for r in gaps(ratings))
