"""Periodically (e.g. every few minutes): turn the survey answers waiting into responses."""

from django.core.management.base import BaseCommand

from greencert.web.surveys.inbox import drain_waiting


class Command(BaseCommand):
    help = (
        "Turn the survey answers posted since the last run into responses and customer "
        "evaluations (run periodically, e.g. every 5 minutes from cron)."
    )

    def handle(self, *args, **options):
        done = drain_waiting()
        self.stdout.write(f"{done} survey answer(s) turned into responses")
