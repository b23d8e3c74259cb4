"""The form of a declared conflict of interest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.web.clients.models import ConflictOfInterest, Organisation
from greencert.web.fields import DateInput
from greencert.web.text_limits import model_text


class ConflictForm(forms.ModelForm):
    """The organisation, the day declared, its end (blank: none) and what it is."""

    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.order_by("name")
    )
    reason = model_text(ConflictOfInterest, "reason", rows=3)

    class Meta:
        model = ConflictOfInterest
        fields = ["organisation", "declared_on", "ends_on", "reason"]
        widgets = {"declared_on": DateInput(), "ends_on": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("declared_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("A conflict cannot end before it is declared."))
        return data
