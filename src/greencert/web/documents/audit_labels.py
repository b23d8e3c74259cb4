"""The audit trail's names for the documents asked for in the background."""

from django.utils.translation import gettext_lazy as _

from greencert.web.documents.models import Export

ACTIONS = {
    "greencert.export.requested": _("Document asked for"),
}

FIELDS = {
    "export.document": _("document"),
}

CHOICES = {
    "export.document": Export.Kind,
}
