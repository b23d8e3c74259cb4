"""Pin the audit checklists of today's files to every existing project assessment.

Projects created before the checklists existed are audited against the
versions current now; a self-assessment has no checklist audit and stays blank.
"""

from django.db import migrations

from greencert.core.exceptions import SchemeError
from greencert.core.registry import get_scheme, qms_checklist_for, specific_checklist_for


def pin_checklists(apps, schema_editor):
    Assessment = apps.get_model("projects", "Assessment")
    for assessment in Assessment.objects.filter(kind="official", qms_label=""):
        try:
            scheme = get_scheme(assessment.scheme_label)
            qms, specific = qms_checklist_for(scheme), specific_checklist_for(scheme)
        except SchemeError:
            continue  # a scheme no longer installed: scoring already refuses such a project
        assessment.qms_label, assessment.qms_hash = qms.label, qms.hash
        assessment.specific_label, assessment.specific_hash = specific.label, specific.hash
        assessment.save(update_fields=["qms_label", "qms_hash", "specific_label", "specific_hash"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_checklist_verdicts_and_exemption")]

    operations = [migrations.RunPython(pin_checklists, migrations.RunPython.noop)]
