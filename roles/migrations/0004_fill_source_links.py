from django.db import migrations

# Every role and figure loaded before links were recorded came from the seed article
# (roles/catalog.toml says so); the Skillsoft figure is the one the article links itself.
ARTICLE = "https://www.coursera.org/articles/mlops-engineer"
SKILLSOFT = (
    "https://www.skillsoft.com/press-releases/"
    "ai-skills-and-talent-gaps-widen-as-innovation-accelerates-new-skillsoft-report"
)


def fill_links(apps, schema_editor):
    Role = apps.get_model("roles", "Role")
    Figure = apps.get_model("roles", "Figure")
    Role.objects.filter(source_url="").update(source_url=ARTICLE)
    Figure.objects.filter(source_url="", source__startswith="Skillsoft").update(source_url=SKILLSOFT)
    Figure.objects.filter(source_url="").update(source_url=ARTICLE)


class Migration(migrations.Migration):
    dependencies = [("roles", "0003_history_and_source_links")]

    operations = [migrations.RunPython(fill_links, migrations.RunPython.noop)]
