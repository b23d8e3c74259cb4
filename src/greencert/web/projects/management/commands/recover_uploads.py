"""After a crash: delete the evidence files of saves whose process died before they committed."""

from django.core.management.base import BaseCommand

from greencert.web.uploads import recover_uploads


class Command(BaseCommand):
    help = (
        "Delete the uploaded files of saves whose process died before committing them "
        "(greencert serve does this itself; run it after a crash of another server)."
    )

    def handle(self, *args, **options):
        deleted = recover_uploads()
        for name in deleted:
            self.stdout.write(f"removed {name}")
        self.stdout.write(f"{len(deleted)} file(s) of unfinished saves removed")
