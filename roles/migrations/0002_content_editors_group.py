from django.contrib.auth.management import create_permissions
from django.db import migrations

CATALOG_MODELS = [
    "skill",
    "skilllevel",
    "role",
    "responsibility",
    "requirement",
    "course",
    "courseskill",
    "figure",
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; this group needs them now.
    roles_config = apps.get_app_config("roles")
    roles_config.models_module = True
    create_permissions(roles_config, verbosity=0)
    roles_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Content editors")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="roles", content_type__model__in=CATALOG_MODELS)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Content editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
