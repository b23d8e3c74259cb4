"""The database refuses to change or delete frozen results, reviews, decisions,
certificate events and refused attempts, and lets an issued certificate's content
change only with its next revision (its status and the reason for it stay free)."""

from django.db import migrations

from greencert.web.audit import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0001_initial"),
        ("audit", "0004_chain_required_and_protected"),  # the permit table
    ]

    operations = [
        triggers.written_once(
            "certification_resultsnapshot",
            "certification_review",
            "certification_decision",
            "certification_certificateevent",
            "certification_refusedattempt",
        ),
        triggers.content_follows_revision(
            "certification",
            "Certificate",
            free=("status", "status_reason"),
            fixed=("id", "number", "organisation_id", "issued_at"),
        ),
    ]
