"""Tests for the pure skills-gap arithmetic in assessments.gaps (no DB, no Django)."""

from itertools import pairwise

import pytest

from assessments.gaps import (
    BANDS,
    LEVEL_NAMES,
    Closure,
    CourseOption,
    Requirement,
    SkillRating,
    band,
    calibration,
    gaps,
    learning_path,
    level_name,
    next_best_skill,
    readiness,
    role_fit,
    strengths,
)


def rating(key, level, required, importance, name=None):
    return SkillRating(
        key=key,
        name=name or key.title(),
        level=level,
        required=required,
        importance=importance,
    )


def course(title, hours, **teaches):
    return CourseOption(
        key=title.lower().replace(" ", "-"), title=title, hours=hours, teaches=teaches
    )


# --- levels and single ratings ---


def test_level_names_cover_zero_to_five():
    assert [level_name(n) for n in range(6)] == list(LEVEL_NAMES)
    assert level_name(3) == "Intermediate"


def test_level_name_says_not_rated_for_none():
    assert level_name(None) == "Not rated"


def test_level_name_rejects_out_of_range_levels():
    with pytest.raises(ValueError):
        level_name(-1)
    with pytest.raises(ValueError):
        level_name(6)


def test_skill_rating_rejects_out_of_range_values():
    with pytest.raises(ValueError):
        rating("py", 6, 3, 1)
    with pytest.raises(ValueError):
        rating("py", 2, 0, 1)
    with pytest.raises(ValueError):
        rating("py", 2, 3, 0)


def test_gap_is_weighted_by_importance_and_never_negative():
    below = rating("py", 1, 4, 3)
    above = rating("sql", 5, 2, 4)
    assert (below.gap, below.weighted_gap, below.is_strength) == (3, 9, False)
    assert (above.gap, above.weighted_gap, above.is_strength) == (0, 0, True)
    assert rating("git", 2, 2, 1).is_strength


# --- readiness ---


def test_readiness_is_importance_weighted_and_caps_each_skill_at_required():
    ratings = [
        rating("py", 1, 3, 5),  # earns 5 of 15
        rating("sql", 4, 2, 2),  # earns 4 of 4, not 8: exceeding gives no extra credit
        rating("ml", 0, 4, 1),  # earns 0 of 4
    ]
    assert readiness(ratings) == pytest.approx(9 / 23 * 100)


def test_readiness_is_zero_when_every_rating_is_none():
    assert readiness([rating("py", 0, 3, 5), rating("sql", 0, 1, 1)]) == 0.0


def test_readiness_is_hundred_when_every_requirement_is_met():
    assert readiness([rating("py", 3, 3, 5), rating("sql", 5, 1, 1)]) == 100.0


def test_readiness_of_no_ratings_is_zero():
    assert readiness([]) == 0.0


# --- gaps, strengths, next best skill ---


def test_gaps_are_ordered_by_weighted_gap_then_gap_then_name():
    ratings = [
        rating("a", 0, 2, 3, "Apis"),  # gap 2, weighted 6
        rating("b", 1, 4, 2, "Bash"),  # gap 3, weighted 6
        rating("c", 2, 3, 5, "Cloud"),  # gap 1, weighted 5
        rating("d", 3, 3, 5, "Docker"),  # no gap
        rating("e", 0, 1, 5, "Agile"),  # gap 1, weighted 5
    ]
    assert [r.name for r in gaps(ratings)] == ["Bash", "Apis", "Agile", "Cloud"]


def test_strengths_are_skills_at_or_above_required_by_importance_then_name():
    ratings = [
        rating("a", 3, 3, 2, "Apis"),
        rating("b", 5, 2, 4, "Bash"),
        rating("c", 1, 3, 5, "Cloud"),  # a gap, not a strength
        rating("d", 4, 1, 4, "Agile"),
    ]
    assert [r.name for r in strengths(ratings)] == ["Agile", "Bash", "Apis"]


def test_next_best_skill_is_the_most_important_gap():
    ratings = [rating("py", 0, 5, 2), rating("sql", 2, 3, 4), rating("git", 5, 3, 5)]
    assert next_best_skill(ratings).key == "sql"


def test_next_best_skill_ties_on_importance_go_to_the_larger_gap():
    ratings = [rating("py", 2, 3, 4), rating("sql", 1, 3, 4)]
    assert next_best_skill(ratings).key == "sql"


def test_next_best_skill_ties_on_importance_and_gap_go_by_name():
    ratings = [rating("z", 1, 3, 4, "Zsh"), rating("a", 1, 3, 4, "Bash")]
    assert next_best_skill(ratings).name == "Bash"


def test_next_best_skill_is_none_without_gaps():
    assert next_best_skill([rating("py", 4, 3, 5)]) is None
    assert next_best_skill([]) is None


# --- learning path ---

PATH_RATINGS = [
    rating("py", 1, 4, 5, "Python"),  # weighted gap 15
    rating("sql", 0, 3, 3, "SQL"),  # weighted gap 9
    rating("git", 2, 2, 4, "Git"),  # already met
    rating("stats", 0, 2, 2, "Statistics"),  # weighted gap 4
    rating("ml", 0, 2, 1, "Machine Learning"),  # weighted gap 2, no course teaches it
]

PATH_COURSES = [
    course("Python Basics", 10, py=3),  # gain 10
    course("Data Bootcamp", None, py=4, sql=2),  # gain 15 + 6 = 21
    # gain 9 + 4 = 13 at first, then 3 + 4 = 7 once the bootcamp has raised SQL to 2
    course("SQL Deep Dive", 8, sql=3, stats=2),
    course("Git Mastery", 5, git=5),  # only above-requirement skills: gain 0
    course("Stats Primer", 4, stats=2),  # gain 4, then 0 after the deep dive
]


def test_learning_path_greedily_picks_the_biggest_remaining_gain():
    path = learning_path(PATH_RATINGS, PATH_COURSES)
    assert [s.course.title for s in path.steps] == ["Data Bootcamp", "SQL Deep Dive"]
    assert [s.weighted_gain for s in path.steps] == [21, 7]


def test_learning_path_closures_record_levels_reached_step_by_step():
    first, second = learning_path(PATH_RATINGS, PATH_COURSES).steps
    assert first.closes == (
        Closure("py", "Python", 1, 4, 4),
        Closure("sql", "SQL", 0, 2, 3),
    )
    assert [c.fully_closed for c in first.closes] == [True, False]
    # The deep dive starts SQL from where the bootcamp left it, not the learner's own.
    assert second.closes == (
        Closure("sql", "SQL", 2, 3, 3),
        Closure("stats", "Statistics", 0, 2, 2),
    )


def test_learning_path_ignores_a_course_teaching_only_above_requirement_skills():
    path = learning_path(PATH_RATINGS, PATH_COURSES)
    assert "Git Mastery" not in [s.course.title for s in path.steps]
    assert learning_path(PATH_RATINGS, [course("Git Mastery", 5, git=5)]).steps == ()


def test_learning_path_ignores_a_course_at_or_below_the_learners_level():
    assert learning_path([rating("py", 3, 5, 2)], [course("Intro", 2, py=3)]).steps == ()


def test_learning_path_totals_known_hours_and_counts_unknown_ones():
    path = learning_path(PATH_RATINGS, PATH_COURSES)
    assert path.total_hours == 8
    assert path.hours_unknown == 1


def test_learning_path_total_hours_is_none_when_no_step_has_known_hours():
    path = learning_path([rating("py", 0, 2, 1)], [course("Mystery", None, py=2)])
    assert (path.total_hours, path.hours_unknown) == (None, 1)
    empty = learning_path([rating("py", 0, 2, 1)], [])
    assert (empty.steps, empty.total_hours, empty.hours_unknown) == ((), None, 0)


def test_learning_path_lists_uncovered_gap_skills_at_the_learners_level():
    path = learning_path(PATH_RATINGS, PATH_COURSES)
    assert path.uncovered == (rating("ml", 0, 2, 1, "Machine Learning"),)
    assert path.partly_covered == ()
    assert path.remaining_weighted_gap == 2


def test_learning_path_lists_partly_covered_skills_at_the_level_reached():
    path = learning_path(PATH_RATINGS, [course("Python Basics", 10, py=3)])
    assert path.partly_covered == (rating("py", 3, 4, 5, "Python"),)
    assert [r.key for r in path.uncovered] == ["sql", "stats", "ml"]
    assert path.remaining_weighted_gap == 5 + 9 + 4 + 2


def test_learning_path_ties_prefer_fewer_known_hours_then_title():
    ratings = [rating("py", 0, 1, 1)]
    by_hours = learning_path(ratings, [course("Long", 9, py=1), course("Short", 3, py=1)])
    assert [s.course.title for s in by_hours.steps] == ["Short"]
    by_title = learning_path(ratings, [course("B", 3, py=1), course("A", 3, py=1)])
    assert [s.course.title for s in by_title.steps] == ["A"]


def test_learning_path_ties_put_unknown_hours_last():
    ratings = [rating("py", 0, 1, 1)]
    chosen = learning_path(ratings, [course("Anything", None, py=1), course("Zed", 40, py=1)])
    assert [s.course.title for s in chosen.steps] == ["Zed"]


def test_learning_path_skips_skills_that_were_not_rated():
    path = learning_path([rating("py", 0, 1, 1)], [course("Other", 1, rust=5)])
    assert path.steps == ()


# --- role fit ---


def test_role_fit_scores_only_shared_skills_and_lists_unrated_in_requirement_order():
    requirements = [
        Requirement("py", "Python", 4, 2),
        Requirement("ml", "Machine Learning", 2, 5),
        Requirement("sql", "SQL", 3, 1),
        Requirement("k8s", "Kubernetes", 1, 1),
    ]
    fit = role_fit("ds", "Data Scientist", {"py": 2, "sql": 3, "rust": 5}, requirements)
    assert (fit.key, fit.title, fit.shared) == ("ds", "Data Scientist", 2)
    assert fit.percent == pytest.approx((2 * 2 + 1 * 3) / (2 * 4 + 1 * 3) * 100)
    assert fit.unrated == ("Machine Learning", "Kubernetes")


def test_role_fit_percent_is_none_when_nothing_is_shared():
    fit = role_fit("ds", "Data Scientist", {"rust": 5}, [Requirement("py", "Python", 4, 2)])
    assert (fit.percent, fit.shared, fit.unrated) == (None, 0, ("Python",))


def test_role_fit_counts_a_zero_level_as_rated():
    fit = role_fit("ds", "Data Scientist", {"py": 0}, [Requirement("py", "Python", 4, 2)])
    assert (fit.percent, fit.shared, fit.unrated) == (0.0, 1, ())


# --- calibration ---


def test_calibration_spots_a_learner_who_rates_themself_higher():
    result = calibration([("Python", 5, 3), ("SQL", 4, 3)])
    assert (result.mean_difference, result.mean_absolute, result.count) == (1.5, 1.5, 2)
    assert result.verdict == ("rates themself higher than the counselor by about 1.5 levels")


def test_calibration_spots_a_learner_who_rates_themself_lower():
    result = calibration([("Python", 1, 3)])
    assert result.mean_difference == -2.0
    assert result.verdict == ("rates themself lower than the counselor by about 2.0 levels")


def test_calibration_is_about_right_when_differences_cancel_out():
    result = calibration([("Python", 4, 2), ("SQL", 3, 3), ("Git", 2, 3)])
    assert result.mean_difference == pytest.approx(1 / 3)
    assert result.mean_absolute == 1.0
    assert result.per_skill == (("Python", 2), ("Git", -1), ("SQL", 0))
    assert result.verdict == "about right"


def test_calibration_half_a_level_is_no_longer_about_right():
    over = calibration([("Python", 3, 2), ("SQL", 2, 2)])
    under = calibration([("Python", 2, 3), ("SQL", 2, 2)])
    assert over.verdict == "rates themself higher than the counselor by about 0.5 levels"
    assert under.verdict == "rates themself lower than the counselor by about 0.5 levels"


def test_calibration_per_skill_ties_are_ordered_by_name():
    result = calibration([("SQL", 2, 3), ("Git", 4, 3)])
    assert result.per_skill == (("Git", 1), ("SQL", -1))


def test_calibration_of_nothing_has_no_verdict():
    result = calibration([])
    assert (
        result.mean_difference,
        result.mean_absolute,
        result.per_skill,
        result.count,
    ) == (None, None, (), 0)
    assert result.verdict is None


# --- bands ---


@pytest.mark.parametrize(
    ("percent", "label"),
    [
        (0, "Not yet ready"),
        (49.9, "Not yet ready"),
        (50, "Getting there"),
        (74.99, "Getting there"),
        (75, "Nearly ready"),
        (89.99, "Nearly ready"),
        (90, "Ready"),
        (100, "Ready"),
    ],
)
def test_band_edges_belong_to_the_higher_band(percent, label):
    assert band(percent) == label


def test_bands_are_contiguous_from_zero_past_one_hundred():
    assert BANDS[0][1] == 0
    for (_, _, upper), (_, lower, _) in pairwise(BANDS):
        assert upper == lower
    assert BANDS[-1][2] > 100


def test_band_rejects_percent_out_of_range():
    with pytest.raises(ValueError):
        band(-1)
    with pytest.raises(ValueError):
        band(101)
