from django.core.management.base import BaseCommand

from counseling.caseload_store import rebuild


class Command(BaseCommand):
    help = (
        "Recreate the caseload copies (CaseloadRow, TriageRow) from assignments, results, reviews "
        "and action items: after writing to those tables with raw SQL or bulk inserts, or after "
        "changing COUNSELOR_QUIET_DAYS."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"The caseload table now has {rebuild()} rows.")
