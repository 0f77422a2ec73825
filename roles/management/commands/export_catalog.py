from django.core.management.base import BaseCommand

from roles.catalog_export import export_catalog


class Command(BaseCommand):
    help = "Write the catalog as it now stands, in the format load_catalog reads."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write it (default: standard output)")

    def handle(self, *args, file, **options):
        text = export_catalog()
        if file is None:
            self.stdout.write(text, ending="")
            return
        with open(file, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stdout.write(f"Catalog written to {file}.")
