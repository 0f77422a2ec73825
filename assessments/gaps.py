"""Pure arithmetic of a skills-gap report: readiness, gaps, paths, fit, calibration.

No Django here: plain functions over plain values, so the rules can be tested alone.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LEVEL_NAMES = ("None", "Awareness", "Beginner", "Intermediate", "Advanced", "Expert")
MAX_LEVEL = len(LEVEL_NAMES) - 1

# (label, lower bound inclusive, upper bound exclusive); 100.01 makes 100% "Ready".
BANDS = (
    ("Not yet ready", 0, 50),
    ("Getting there", 50, 75),
    ("Nearly ready", 75, 90),
    ("Ready", 90, 100.01),
)


def level_name(level: int | None) -> str:
    """Return the display name of a level, or "Not rated" for None."""
    if level is None:
        return "Not rated"
    _check_range("level", level, 0)  # a negative index would silently wrap round
    return LEVEL_NAMES[level]


def _check_range(label: str, value: int, low: int) -> None:
    if not low <= value <= MAX_LEVEL:
        raise ValueError(f"{label} must be {low}..{MAX_LEVEL}, got {value}")


@dataclass(frozen=True)
class SkillRating:
    """A learner's level in one skill next to what the role requires."""

    key: str
    name: str
    level: int
    required: int
    importance: int

    def __post_init__(self) -> None:
        _check_range("level", self.level, 0)
        _check_range("required", self.required, 1)
        _check_range("importance", self.importance, 1)

    @property
    def gap(self) -> int:
        return max(self.required - self.level, 0)

    @property
    def weighted_gap(self) -> int:
        return self.gap * self.importance

    @property
    def is_strength(self) -> bool:
        return self.level >= self.required


def readiness(ratings: Iterable[SkillRating]) -> float:
    """Importance-weighted percent of required levels reached (0.0 for none)."""
    ratings = list(ratings)
    total = sum(r.importance * r.required for r in ratings)
    if total == 0:
        return 0.0
    # Credit stops at the required level: a surplus must not hide a gap elsewhere.
    earned = sum(r.importance * min(r.level, r.required) for r in ratings)
    return earned / total * 100


def gaps(ratings: Iterable[SkillRating]) -> list[SkillRating]:
    """Skills below requirement, biggest weighted gap first."""
    below = (r for r in ratings if r.gap > 0)
    return sorted(below, key=lambda r: (-r.weighted_gap, -r.gap, r.name, r.key))


def strengths(ratings: Iterable[SkillRating]) -> list[SkillRating]:
    """Skills at or above requirement, most important first."""
    met = (r for r in ratings if r.is_strength)
    return sorted(met, key=lambda r: (-r.importance, r.name, r.key))


def next_best_skill(ratings: Iterable[SkillRating]) -> SkillRating | None:
    """The gap skill whose one-level improvement raises readiness most, or None."""
    # One level anywhere below requirement adds importance/total: importance decides.
    below = [r for r in ratings if r.gap > 0]
    return min(below, key=lambda r: (-r.importance, -r.gap, r.name, r.key), default=None)


@dataclass(frozen=True)
class CourseOption:
    """A course and the level it brings a learner to in each skill it teaches."""

    key: str
    title: str
    hours: int | None
    teaches: Mapping[str, int]


@dataclass(frozen=True)
class Closure:
    """One gap a course narrows: the learner moves from from_level to to_level."""

    key: str
    name: str
    from_level: int
    to_level: int
    required: int

    @property
    def fully_closed(self) -> bool:
        return self.to_level >= self.required


@dataclass(frozen=True)
class PathStep:
    """One chosen course, the gaps it narrows and the weighted gap it removes."""

    course: CourseOption
    closes: tuple[Closure, ...]
    weighted_gain: int


@dataclass(frozen=True)
class LearningPath:
    """Courses in the order chosen, plus the gap skills left open.

    uncovered (never raised) and partly_covered (raised, still short) hold skills
    as they stand after the path: level is the level reached.
    """

    steps: tuple[PathStep, ...]
    uncovered: tuple[SkillRating, ...]
    partly_covered: tuple[SkillRating, ...]
    total_hours: int | None
    hours_unknown: int

    @property
    def remaining_weighted_gap(self) -> int:
        return sum(r.weighted_gap for r in self.uncovered + self.partly_covered)


def _course_effect(
    course: CourseOption, gap_list: list[SkillRating], reached: dict[str, int]
) -> tuple[tuple[Closure, ...], int]:
    """The closures a course would make from the levels reached, and its gain."""
    closes, gain = [], 0
    for r in gap_list:
        to_level = course.teaches.get(r.key)
        if to_level is None:
            continue
        current = reached[r.key]
        # Levels beyond the requirement earn nothing, so cap before measuring.
        gained = min(to_level, r.required) - current
        if gained > 0:
            closes.append(Closure(r.key, r.name, current, to_level, r.required))
            gain += r.importance * gained
    return tuple(closes), gain


def _step_rank(step: PathStep) -> tuple:
    # Bigger gain first; then fewer known hours, unknown hours last; then title.
    hours = step.course.hours
    return (-step.weighted_gain, hours is None, hours or 0, step.course.title)


def learning_path(ratings: Iterable[SkillRating], courses: Iterable[CourseOption]) -> LearningPath:
    """Greedily pick the course closing the most remaining weighted gap, in turn."""
    gap_list = gaps(ratings)  # closures inside a step follow this order
    courses = list(courses)
    reached = {r.key: r.level for r in gap_list}
    steps: list[PathStep] = []
    while True:
        options = [PathStep(c, *_course_effect(c, gap_list, reached)) for c in courses]
        options = [step for step in options if step.weighted_gain > 0]
        if not options:
            break  # always comes: each step strictly lowers the remaining weighted gap
        # min() keeps the first of equal ranks, so input order breaks any last tie.
        step = min(options, key=_step_rank)
        steps.append(step)
        for closure in step.closes:
            reached[closure.key] = closure.to_level

    uncovered = tuple(r for r in gap_list if reached[r.key] == r.level)
    partly_covered = tuple(
        SkillRating(r.key, r.name, reached[r.key], r.required, r.importance)
        for r in gap_list
        if r.level < reached[r.key] < r.required
    )
    known = [s.course.hours for s in steps if s.course.hours is not None]
    return LearningPath(
        steps=tuple(steps),
        uncovered=uncovered,
        partly_covered=partly_covered,
        total_hours=sum(known) if known else None,
        hours_unknown=len(steps) - len(known),
    )


@dataclass(frozen=True)
class Requirement:
    """One skill a role requires, at a level and with an importance."""

    key: str
    name: str
    required: int
    importance: int


@dataclass(frozen=True)
class RoleFit:
    """How ready a learner is for one role, over the skills they have rated."""

    key: str
    title: str
    percent: float | None
    shared: int
    unrated: tuple[str, ...]


def role_fit(
    key: str, title: str, levels: Mapping[str, int], requirements: Iterable[Requirement]
) -> RoleFit:
    """Readiness over the required skills the learner rated; the rest unrated."""
    shared, unrated = [], []
    for req in requirements:
        level = levels.get(req.key)  # None counts as not rated, like a missing key
        if level is None:
            unrated.append(req.name)
        else:
            shared.append(SkillRating(req.key, req.name, level, req.required, req.importance))
    percent = readiness(shared) if shared else None
    return RoleFit(key, title, percent, len(shared), tuple(unrated))


@dataclass(frozen=True)
class Calibration:
    """How a learner's self-ratings compare with counselor-validated levels."""

    mean_difference: float | None
    mean_absolute: float | None
    per_skill: tuple[tuple[str, int], ...]
    count: int

    @property
    def direction(self) -> str | None:
        """ "higher", "lower" or "about right": how self-ratings sit against the counselor's."""
        mean = self.mean_difference
        if mean is None:
            return None
        if abs(mean) < 0.5:
            return "about right"
        return "higher" if mean > 0 else "lower"

    @property
    def distance(self) -> float | None:
        """How many levels apart on average, ignoring direction."""
        return None if self.mean_difference is None else abs(self.mean_difference)

    @property
    def verdict(self) -> str | None:
        """A short plain-English summary, or None when nothing was validated."""
        mean = self.mean_difference
        if mean is None:
            return None
        if abs(mean) < 0.5:
            return "about right"
        direction = "higher" if mean > 0 else "lower"
        return f"rates themself {direction} than the counselor by about {abs(mean):.1f} levels"


def calibration(pairs: Iterable[tuple[str, int, int]]) -> Calibration:
    """Compare (name, self, validated) levels; positive = learner rates higher."""
    differences = [(name, own - validated) for name, own, validated in pairs]
    if not differences:
        return Calibration(None, None, (), 0)
    count = len(differences)
    return Calibration(
        mean_difference=sum(d for _, d in differences) / count,
        mean_absolute=sum(abs(d) for _, d in differences) / count,
        per_skill=tuple(sorted(differences, key=lambda nd: (-abs(nd[1]), nd[0]))),
        count=count,
    )


def band(percent: float) -> str:
    """The readiness band label for a percentage in 0..100."""
    for label, low, high in BANDS:
        if low <= percent < high:
            return label
    # Out of range (or NaN) means a bug upstream; say so rather than guess a band.
    raise ValueError(f"percent must be within 0..100, got {percent}")


# How many of the biggest gaps a report's summary names.
SUMMARY_GAPS = 3
NUMBER_WORDS = ("no", "one", "two", "three")


@dataclass(frozen=True)
class Summary:
    """What a report says first: skills at their required level, the biggest gaps by name
    (biggest weighted gap first, at most SUMMARY_GAPS) and the skill to start with."""

    met: int
    total: int
    gap_count: int
    biggest: tuple[str, ...]
    start_with: str | None

    @property
    def to_learner(self) -> str:
        return self.sentences(you=True)

    @property
    def about_learner(self) -> str:
        return self.sentences(you=False)

    def sentences(self, *, you: bool) -> str:
        """The summary in plain words, to the learner (`you`) or about them."""
        subject, have, their = ("You", "have", "your") if you else ("This learner", "has", "their")
        if not self.total:
            return "There are no skills to compare."
        if not self.gap_count:
            skills = "the one skill" if self.total == 1 else f"all {self.total} skills"
            return f"{subject} {have} reached the required level in {skills}."
        reached = (
            f"{subject} {have} reached the required level in {self.met} of {self.total} skills."
            if self.met
            else f"{subject} {have} not reached the required level in any skill yet."
        )
        if self.gap_count == 1:
            return f"{reached} {their.capitalize()} one gap is {self.biggest[0]}."
        shown = NUMBER_WORDS[len(self.biggest)]
        if self.gap_count > len(self.biggest):
            shown += " biggest"
        named = f"{their.capitalize()} {shown} gaps are {in_prose(self.biggest)}."
        start = "Start with" if you else "The best place to start is"
        return (
            f"{reached} {named} {start} {self.start_with}: "
            f"one level more there raises {their} readiness most."
        )


def summary(ratings: Iterable[SkillRating]) -> Summary:
    """How many skills meet their requirement, the biggest gaps and the next best skill."""
    ratings = list(ratings)
    gap_list = gaps(ratings)
    start = next_best_skill(ratings)
    return Summary(
        met=len(strengths(ratings)),
        total=len(ratings),
        gap_count=len(gap_list),
        biggest=tuple(r.name for r in gap_list[:SUMMARY_GAPS]),
        start_with=start.name if start else None,
    )


def in_prose(names: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C': names joined as a sentence lists them."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
