from django.core.management.base import BaseCommand

from assessments.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email learners about plan items past their target date, once per item. Safe to run "
        "again or in two processes at once: run it daily from cron."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {send_reminders()} reminder(s).")
