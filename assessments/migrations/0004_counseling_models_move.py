# The counselor's models move to the counseling app; their tables stay where they are.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0003_caseload_rows"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CaseloadRow"),
                migrations.DeleteModel(name="ActionItem"),
                migrations.DeleteModel(name="Note"),
                migrations.DeleteModel(name="Invitation"),
                migrations.DeleteModel(name="Assignment"),
            ],
            database_operations=[],
        ),
    ]
