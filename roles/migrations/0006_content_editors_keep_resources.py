"""Content editors keep the free resources as they keep the rest of the catalog."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editors"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the grant needs them now.
    roles = apps.get_app_config("roles")
    roles.models_module = True
    create_permissions(roles, verbosity=0)
    roles.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="roles", content_type__model="learningresource"
        )
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="roles", content_type__model="learningresource"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("roles", "0005_learning_resources")]

    operations = [migrations.RunPython(grant, revoke)]
