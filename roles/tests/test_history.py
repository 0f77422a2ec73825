"""Every catalog change is kept with who made it, and any version can be restored in admin."""

import pytest

from assessments.models import Rating
from roles.models import (
    Course,
    CourseSkill,
    Figure,
    Requirement,
    Responsibility,
    Role,
    Skill,
    SkillLevel,
)

pytestmark = pytest.mark.django_db


def admin_url(obj, action=""):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{action}"


def post_change(client, obj, **changes):
    """Save obj's admin form with `changes`, as an editor pressing Save would."""
    response = client.post(admin_url(obj, "change/"), {**form_data(client, obj), **changes})
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def form_data(client, obj, url=None):
    """What admin's form for obj (or the page at url) would post, unchanged."""
    response = client.get(url or admin_url(obj, "change/"))
    assert response.status_code == 200
    data = _fields(response.context["adminform"].form)
    for formset in response.context.get("inline_admin_formsets", []):
        data.update(_fields(formset.formset.management_form))
        for inline_form in formset.formset.forms:
            data.update(_fields(inline_form))
    return data


def _fields(form):
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, list) and name != "industries":
            value = [str(item) for item in value]
        else:
            value = field.prepare_value(value) if name == "industries" else value
        data[form.add_prefix(name)] = value
    return data


# One text field per catalog model: what an editor changes, and a new value for it.
EDITS = [
    (Skill, "description", "Edited description"),
    (SkillLevel, "description", "Edited descriptor"),
    (Role, "summary", "Edited summary"),
    (Responsibility, "text", "Edited duty"),
    (Requirement, "importance", 1),
    (Course, "description", "Edited course"),
    (CourseSkill, "level", 1),
    (Figure, "label", "Edited label"),
]


@pytest.mark.parametrize(
    ("model", "field", "new_value"), EDITS, ids=[model.__name__ for model, *_ in EDITS]
)
def test_an_admin_edit_is_recorded_with_who_and_restorable(
    client, staff, catalog, model, field, new_value
):
    obj = model.objects.order_by("pk").first()
    old_value = getattr(obj, field)
    # The catalog fixture bulk-loads rows without history (load_catalog records it); one save
    # gives this row the first version an editor's change follows.
    obj.save()
    client.force_login(staff)

    post_change(client, obj, **{field: new_value})
    obj.refresh_from_db()
    assert getattr(obj, field) == new_value

    latest = obj.history.first()
    assert latest.history_user == staff and latest.history_type == "~"
    page = client.get(admin_url(obj, "history/")).content.decode()
    assert staff.email in page or staff.username in page

    # Restore the version before the edit through admin's revert form, as the editor would.
    before = obj.history.order_by("history_date")[0]
    url = admin_url(obj, f"history/{before.history_id}/")
    response = client.post(url, form_data(client, obj, url))
    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == old_value
    assert obj.history.count() == 3  # the first version, the edit, the restore


def test_restoring_a_requirement_leaves_earlier_results_as_submitted(
    client, staff, learner, catalog, make_result
):
    requirement = Requirement.objects.get(role=catalog, skill__slug="python")
    requirement.save()  # its first version
    first = make_result(learner, catalog)
    client.force_login(staff)
    post_change(client, requirement, level=1, importance=1)
    second = make_result(learner, catalog)

    original = requirement.history.order_by("history_date")[0]
    url = admin_url(requirement, f"history/{original.history_id}/")
    client.post(url, form_data(client, requirement, url))
    requirement.refresh_from_db()
    assert (requirement.level, requirement.importance) == (original.level, original.importance)

    # Each result keeps the requirement as it was when it was submitted.
    snapshot = Rating.objects.filter(skill__slug="python").values_list(
        "assessment", "required_level", "importance"
    )
    assert set(snapshot) == {
        (first.pk, original.level, original.importance),
        (second.pk, 1, 1),
    }


def test_staff_who_may_only_view_cannot_post_an_old_version_back(
    client, staff, catalog, make_user
):
    from django.contrib.auth.models import Permission

    role = Role.objects.get(slug="mlops-engineer")
    role.save()  # its first version
    client.force_login(staff)
    old = role.history.first()
    url = admin_url(role, f"history/{old.history_id}/")
    data = form_data(client, role, url)
    viewer = make_user("viewer@example.com", is_staff=True)
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="roles", codename__startswith="view_")
    )
    client.force_login(viewer)
    assert client.get(url).status_code == 200  # reading the old version is allowed
    response = client.post(url, {**data, "title": "Renamed by a viewer", "is_published": ""})
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.title == "MLOps engineer" and role.is_published
