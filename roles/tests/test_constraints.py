import pytest
from django.db import IntegrityError, transaction

from roles.models import Requirement, Skill, SkillLevel

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("level", [0, 6])
def test_database_rejects_required_level_outside_1_to_5(make_role, level):
    role = make_role(skills=1)
    skill = Skill.objects.create(name="Extra", slug="extra")
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(role=role, skill=skill, level=level, importance=3)


@pytest.mark.parametrize("importance", [0, 6])
def test_database_rejects_importance_outside_1_to_5(make_role, importance):
    role = make_role(skills=1)
    skill = Skill.objects.create(name="Extra", slug="extra")
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(role=role, skill=skill, level=3, importance=importance)


def test_a_role_requires_a_skill_once(make_role):
    role = make_role(skills=1)
    skill = role.requirements.get().skill
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(role=role, skill=skill, level=2, importance=2)


def test_a_descriptor_level_is_0_to_5_and_unique():
    skill = Skill.objects.create(name="Extra", slug="extra")
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillLevel.objects.create(skill=skill, level=6, description="beyond")
    SkillLevel.objects.create(skill=skill, level=2, description="once")
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillLevel.objects.create(skill=skill, level=2, description="twice")
