from django.core.management.base import BaseCommand, CommandError

from roles.catalog import DEFAULT_PATH, CatalogError, load_catalog


class Command(BaseCommand):
    help = "Load roles, skills and courses from the catalog file; existing rows are kept."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=DEFAULT_PATH, help="a catalog TOML file")
        parser.add_argument(
            "--update", action="store_true", help="overwrite existing rows with the file's values"
        )

    def handle(self, *args, file, update, **options):
        try:
            report = load_catalog(file, update=update)
        except CatalogError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(f"Catalog {file}: {report.summary()}.")
