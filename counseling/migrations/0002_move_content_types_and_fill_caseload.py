# Content types (and so permissions granted on them) follow the models to this app. (The
# caseload copy of databases that had assignments before it is filled by 0005, in its shape.)

from django.db import migrations

MOVED = ["assignment", "invitation", "note", "actionitem", "caseloadrow"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label="counseling", model__in=MOVED).values_list(
            "model", flat=True
        )
    )
    ContentType.objects.filter(app_label="assessments", model__in=MOVED).exclude(
        model__in=taken
    ).update(app_label="counseling")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="counseling", model__in=MOVED).update(
        app_label="assessments"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("counseling", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
