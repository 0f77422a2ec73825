"""One account per email address, whatever its case: a unique index on the lower-cased address.

The user table belongs to django.contrib.auth, so the index is made here in SQL (SQLite and
PostgreSQL both index an expression, and both take a partial index: a user without an address
is not a clash). First a check names any address already used twice, so the migration stops
with what to fix instead of a bare IntegrityError. allauth's address table keeps its own rule
(a verified address belongs to one account; allauth stores them lower-cased): an index over
its unverified rows too would turn its enumeration-safe "add an address" into a 500.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import Lower

INDEXES = [("auth", "User", "auth_user", "accounts_user_email_ci")]


def refuse_clashes(apps, schema_editor):
    found = []
    for app_label, model_name, table, _ in INDEXES:
        model = apps.get_model(app_label, model_name)
        clashes = (
            model.objects.exclude(email="")
            .values(address=Lower("email"))
            .annotate(uses=Count("pk"))
            .filter(uses__gt=1)
            .order_by("address")
        )
        found += [f"{row['address']} ({row['uses']} rows in {table})" for row in clashes]
    if found:
        raise RuntimeError(
            "These email addresses are used more than once (case ignored); merge or change "
            "them, then migrate again: " + ", ".join(found)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(refuse_clashes, migrations.RunPython.noop),
        *(
            migrations.RunSQL(
                f"CREATE UNIQUE INDEX {index} ON {table} (LOWER(email)) WHERE email <> ''",
                f"DROP INDEX {index}",
            )
            for _, _, table, index in INDEXES
        ),
    ]
