"""Demo data: a counselor, a content editor and many learners with realistic results.

Rows are built in memory and bulk inserted, with the same stored values submit_assessment()
would write (snapshot, readiness, previous readiness, top gap, latest flag).
"""

import random
import uuid
from dataclasses import astuple, dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from assessments import gaps
from assessments.models import Assessment, Rating
from assessments.submission import as_percent, to_skill_rating
from roles.catalog import load_catalog
from roles.models import CONTENT_EDITORS_GROUP, Requirement, Role, Skill

from . import caseload_store
from .caseload_store import add_rows_for
from .demo_plans import courses_by_role, seed_plans
from .models import COUNSELORS_GROUP, ActionItem, Assignment, Note, ResultReview

COUNSELOR_EMAIL = "counselor@example.com"
STAFF_EMAIL = "staff@example.com"
CHUNK = 1000  # learners per bulk insert round, and per progress report

FIRST_NAMES = (
    "Amara Ben Chloe Dev Elif Femi Greta Hiro Ines Jonas Kemi Lars Maya Nils Omar Priya "
    "Quinn Rosa Sven Tara Umar Vera Wen Xavi Yara Zoe Aiko Bruno Carla Dario"
).split()
LAST_NAMES = (
    "Adams Berg Costa Dubois Eriksen Fischer Garcia Haddad Ivanova Jensen Kowalski Lopez "
    "Moreau Nakamura Okafor Patel Quist Rossi Schmidt Tanaka Unger Vargas Weber Xu Yilmaz Zhang"
).split()
EVIDENCE = (
    "Capstone project on GitHub",
    "Used it daily in my internship",
    "Online course certificate",
    "Side project: deployed a small API",
    "Team project at university",
)
FEEDBACK = (
    "Good progress since last time. Next, focus on {gap}: one small project would show it.",
    "Your ratings look honest. {gap} is the gap that holds you back most right now.",
    "Let's talk about {gap} at our next meeting; bring an example of your work.",
)
ACTIONS = (
    "Finish one course on {gap}",
    "Add a {gap} example to your portfolio",
    "Book a mock interview",
    "Update your CV with your latest project",
)


# RatingRow's fields in order, after the assessment: the columns _insert_ratings() writes.
RATING_FIELDS = (
    "assessment",
    "skill",
    "skill_name",
    "level",
    "evidence",
    "required_level",
    "importance",
    "position",
    "validated_level",
)


@dataclass(slots=True)
class RatingRow:
    """A rating as inserted: what submit_assessment() stores, snapshot included."""

    skill_id: int
    skill_name: str
    level: int
    evidence: str
    required_level: int
    importance: int
    position: int
    validated_level: int | None = None


@dataclass
class Learner:
    """One generated learner's profile: how good they are now and how fast they improve."""

    base: float
    tech_bias: float
    growth: float
    aptitude: dict = field(default_factory=dict)

    def level(self, skill, step, rng):
        if skill.pk not in self.aptitude:
            self.aptitude[skill.pk] = rng.gauss(0, 0.8)
        bias = self.tech_bias if skill.kind == Skill.Kind.TECHNICAL else -self.tech_bias
        raw = self.base + bias + self.aptitude[skill.pk] + self.growth * step + rng.gauss(0, 0.35)
        return min(5, max(0, round(raw)))


def seed_demo(*, learners, password, seed=1, progress=None):
    """Create the demo users and their results; False, with nothing changed, if already there."""
    User = get_user_model()
    if User.objects.filter(email__in=[COUNSELOR_EMAIL, STAFF_EMAIL]).exists():
        return False
    if not Role.objects.exists():
        load_catalog()
    rng = random.Random(seed)
    password_hash = make_password(password)  # once: hashing is deliberately slow
    roles = list(
        Role.objects.published()
        .filter(requirements__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "requirements",
                queryset=Requirement.objects.select_related("skill").order_by(
                    "skill__kind", "-importance", "skill__name"
                ),
            )
        )
    )
    courses = courses_by_role(roles)
    with transaction.atomic():
        counselor = _staff_user(User, COUNSELOR_EMAIL, "Cora", "Counselor", password_hash)
        counselor.groups.add(Group.objects.get_or_create(name=COUNSELORS_GROUP)[0])
        staff = _staff_user(User, STAFF_EMAIL, "Stan", "Staff", password_hash, is_staff=True)
        staff.groups.add(Group.objects.get_or_create(name=CONTENT_EDITORS_GROUP)[0])
        _confirm_addresses([counselor, staff])
        for start in range(0, learners, CHUNK):
            numbers = range(start + 1, min(start + CHUNK, learners) + 1)
            _seed_chunk(numbers, rng, roles, counselor, password_hash, courses)
            if start == 0:
                # Statistics of the tables as the first chunk left them: planned from their
                # empty state, PostgreSQL reads each later chunk's caseload figures (a subquery
                # per learner) by scanning whole tables, and seeding grows quadratically.
                caseload_store.update_planner_statistics()
            if progress:
                progress(numbers[-1], learners)
    caseload_store.update_planner_statistics()
    return True


def _staff_user(User, email, first, last, password_hash, **fields):
    return User.objects.create(
        username=email,
        email=email,
        first_name=first,
        last_name=last,
        password=password_hash,
        **fields,
    )


def _confirm_addresses(users):
    """Demo accounts sign in at once: with verification mandatory (production settings, as
    `make serve` and the benchmark run), allauth admits only a confirmed address."""
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )


def _seed_chunk(numbers, rng, roles, counselor, password_hash, courses):
    now = timezone.now()
    users = get_user_model().objects.bulk_create(
        _learner_user(n, rng, now, password_hash) for n in numbers
    )
    _confirm_addresses(users)
    Assignment.objects.bulk_create(
        Assignment(counselor=counselor, learner=user, created_at=user.date_joined) for user in users
    )
    per_learner = [(user, _results_for(user, rng, roles, now)) for user in users]
    Assessment.objects.bulk_create(a for _, results in per_learner for a, _ in results)
    _insert_ratings(
        (assessment.pk, *astuple(rating))
        for _, results in per_learner
        for assessment, ratings in results
        for rating in ratings
    )
    notes, items = [], []
    for user, results in per_learner:
        _follow_up(user, results[-1][0], counselor, rng, now, notes, items)
    Note.objects.bulk_create(notes)
    ActionItem.objects.bulk_create(items)
    ResultReview.objects.bulk_create(  # feedback reviews the result, as in the app
        ResultReview(
            counselor=counselor,
            assessment=note.assessment,
            how=ResultReview.How.FEEDBACK,
            reviewed_at=note.created_at,
        )
        for note in notes
        if note.kind == Note.Kind.FEEDBACK
    )
    seed_plans(per_learner, rng, now, courses)
    add_rows_for([user.pk for user in users])  # bulk_create sends no signals


def _insert_ratings(rows):
    # About twenty ratings per result make this the one big table. bulk_create's per-value
    # preparation took most of the run; executemany of plain tuples takes a fraction of it.
    quote = connection.ops.quote_name
    columns = [quote(Rating._meta.get_field(name).column) for name in RATING_FIELDS]
    sql = (
        f"INSERT INTO {quote(Rating._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))


def _learner_user(number, rng, now, password_hash):
    email = f"learner{number}@example.com"
    return get_user_model()(
        username=email,
        email=email,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        password=password_hash,
        date_joined=now - timedelta(days=400),
    )


def _results_for(user, rng, roles, now):
    """One to four submitted results over past months, oldest first, usually improving."""
    count = rng.choices((1, 2, 3, 4), weights=(3, 3, 2, 2))[0]
    weights = [4 if role.slug == "mlops-engineer" else 1 for role in roles]
    primary = rng.choices(roles, weights=weights)[0]
    schedule = [primary] * count
    if count >= 2 and len(roles) > 1 and rng.random() < 0.25:
        schedule[-1] = rng.choice([role for role in roles if role != primary])
    days_ago = sorted(rng.sample(range(2, 360), count), reverse=True)
    profile = Learner(
        base=rng.gauss(2.2, 0.8), tech_bias=rng.gauss(0, 0.4), growth=rng.uniform(0.0, 0.6)
    )
    results, latest = [], {}
    for step, (role, ago) in enumerate(zip(schedule, days_ago, strict=True)):
        when = now - timedelta(days=ago, minutes=rng.randint(0, 600))
        assessment, ratings = _result(user, role, profile, step, when, rng)
        previous = latest.get(role.pk)
        assessment.previous_readiness = previous.readiness if previous else None
        latest[role.pk] = assessment
        results.append((assessment, ratings))
    for assessment, ratings in results:
        if assessment in latest.values():
            assessment.is_latest = True
            if rng.random() < 0.15:
                _validate(assessment, ratings, rng)
    return results


def _result(user, role, profile, step, when, rng):
    ratings = []
    for position, requirement in enumerate(role.requirements.all()):
        skill = requirement.skill
        ratings.append(
            RatingRow(
                skill_id=skill.pk,
                skill_name=skill.name,
                level=profile.level(skill, step, rng),
                evidence=rng.choice(EVIDENCE) if rng.random() < 0.1 else "",
                required_level=requirement.level,
                importance=requirement.importance,
                position=position,
            )
        )
    scored = [to_skill_rating(r) for r in ratings]
    top = gaps.gaps(scored)
    assessment = Assessment(
        learner=user,
        role=role,
        role_title=role.title,
        status=Assessment.Status.SUBMITTED,
        token=uuid.UUID(int=rng.getrandbits(128), version=4),
        created_at=when - timedelta(minutes=rng.randint(5, 90)),
        updated_at=when,
        submitted_at=when,
        readiness=as_percent(gaps.readiness(scored)),
        top_gap=top[0].name if top else "",
    )
    return assessment, ratings


def _validate(assessment, ratings, rng):
    """A counselor's levels for about half the skills; self-ratings run a little high."""
    for rating in ratings:
        if rng.random() < 0.5:
            rating.validated_level = min(5, max(0, rating.level + rng.choice((-1, -1, 0, 0, 1))))
    scored = [to_skill_rating(r, r.validated_level) for r in ratings]
    if any(r.validated_level is not None for r in ratings):
        assessment.validated_readiness = as_percent(gaps.readiness(scored))


def _follow_up(user, latest, counselor, rng, now, notes, items):
    """Feedback for about a third of learners, private notes and action items for fewer."""
    gap = latest.top_gap or "your next role"
    if rng.random() < 0.35:
        notes.append(
            Note(
                learner=user,
                author=counselor,
                assessment=latest,
                body=rng.choice(FEEDBACK).format(gap=gap),
                created_at=min(now, latest.submitted_at + timedelta(days=rng.randint(1, 6))),
            )
        )
    if rng.random() < 0.1:
        notes.append(
            Note(
                learner=user,
                author=counselor,
                assessment=latest,
                kind=Note.Kind.PRIVATE,
                body="Seems over-confident in the technical skills; check evidence next time.",
                created_at=min(now, latest.submitted_at + timedelta(hours=2)),
            )
        )
    for _ in range(rng.choices((0, 1, 2), weights=(6, 3, 1))[0]):
        created = min(now, latest.submitted_at + timedelta(days=rng.randint(1, 6)))
        done = rng.random() < 0.4
        items.append(
            ActionItem(
                learner=user,
                author=counselor,
                assessment=latest,
                text=rng.choice(ACTIONS).format(gap=gap),
                due=(created + timedelta(days=rng.randint(14, 60))).date(),
                created_at=created,
                done_at=min(now, created + timedelta(days=rng.randint(1, 20))) if done else None,
            )
        )
