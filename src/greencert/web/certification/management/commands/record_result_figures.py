"""Once, after upgrading: keep the statistics' figures of the results frozen before they were kept."""

from django.core.management.base import BaseCommand

from greencert.web.certification.services.figures import backfill_figures


class Command(BaseCommand):
    help = "Record the figures of every frozen result that has none yet (issue 18 §4)."

    def handle(self, *args, **options):
        self.stdout.write(f"{backfill_figures()} result(s) recorded")
