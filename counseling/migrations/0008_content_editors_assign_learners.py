"""Content editors may put learners on counselors' caseloads in admin (issue 15).

Only the assignment rows: results, ratings, notes and action items stay out of their reach.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editors"
CODENAMES = ["view_assignment", "add_assignment", "change_assignment", "delete_assignment"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the grant needs them now.
    counseling = apps.get_app_config("counseling")
    counseling.models_module = True
    create_permissions(counseling, verbosity=0)
    counseling.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="counseling", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="counseling", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0002_content_editors_group"),
        ("counseling", "0007_plan_progress"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
