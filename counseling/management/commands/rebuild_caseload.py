from django.core.management.base import BaseCommand

from counseling.caseload_store import rebuild


class Command(BaseCommand):
    help = (
        "Recreate the caseload table's copy (CaseloadRow) from assignments, results and action "
        "items: after writing to those tables with raw SQL or bulk inserts that send no signals."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"The caseload table now has {rebuild()} rows.")
