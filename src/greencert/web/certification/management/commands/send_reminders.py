"""Daily: e-mail corrective actions and surveillance falling due, and flag overdue surveillance."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from greencert.web.certification.services.certificates import overdue_visits
from greencert.web.certification.services.notifications import send_reminders


class Command(BaseCommand):
    help = "Send reminders for corrective actions and surveillance falling due (run daily)."

    def handle(self, *args, **options):
        today = timezone.localdate()
        sent = send_reminders(today)
        self.stdout.write(
            f"{sent['corrective_actions']} corrective-action reminder(s), {sent['surveillance']} surveillance reminder(s)"
        )
        for visit in overdue_visits(today):
            self.stdout.write(
                f"OVERDUE surveillance {visit.sequence} of {visit.certificate.display_number} (due {visit.due_on})"
            )
