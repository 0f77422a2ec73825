from django.core.management.base import BaseCommand, CommandError

from counseling.demo import COUNSELOR_EMAIL, STAFF_EMAIL, seed_demo


class Command(BaseCommand):
    help = "Create a demo counselor, a content editor and N learners with results, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=50, help="how many learners")
        parser.add_argument("--password", required=True, help="the password of every demo user")
        parser.add_argument("--seed", type=int, default=1, help="random seed, for repeatable data")

    def handle(self, *args, learners, password, seed, **options):
        if learners < 1:
            raise CommandError("--learners must be at least 1.")
        if not password.strip():
            raise CommandError("--password must not be empty.")

        def progress(done, total):
            self.stdout.write(f"\rSeeding learners: {done}/{total}", ending="")
            self.stdout.flush()

        if not seed_demo(learners=learners, password=password, seed=seed, progress=progress):
            self.stdout.write("The demo data is already there; nothing was changed.")
            return
        self.stdout.write("")
        self.stdout.write(
            f"Created {COUNSELOR_EMAIL} (counselor), {STAFF_EMAIL} (content editor) and "
            f"learner1@example.com … learner{learners}@example.com, all on the counselor's "
            "caseload."
        )
