"""The service blueprint form (§4.2.2 2)①): one small form per step, in a formset.

Lists (contact points of each type, backstage actions, support processes)
are typed one per line.  The forms only gather the text; the core decides
what is valid (:class:`greencert.core.blueprint.Blueprint`), and its
problems are put back on the step they name.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.core.blueprint import CONTACT_KINDS, MAX_ENTRIES, MAX_STEPS, MAX_TEXT

LIST_FIELDS = (*CONTACT_KINDS, "backstage", "support")


def _lines(label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        # One text per line, at most MAX_ENTRIES of them: the core names the one too many.
        max_length=(MAX_TEXT + 2) * (MAX_ENTRIES + 1),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepForm(forms.Form):
    customer = forms.CharField(label=_("Customer action"), max_length=MAX_TEXT)
    people = _lines(_("Contact points: people"), _("One per line, e.g. the receptionist."))
    equipment = _lines(
        _("Contact points: equipment"), _("One per line, e.g. a self check-in kiosk.")
    )
    digital = _lines(_("Contact points: digital"), _("One per line, e.g. the booking app."))
    backstage = _lines(_("Backstage actions"), _("One per line: what the customer does not see."))
    support = _lines(_("Support processes"), _("One per line: systems and processes behind."))


StepFormSet = forms.formset_factory(
    StepForm, extra=1, can_delete=True, max_num=MAX_STEPS, validate_max=True
)


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def _split(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def steps_data(formset) -> tuple[dict, list]:
    """The blueprint's plain data from a valid formset, and the form behind each step kept."""
    steps, kept = [], []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue  # a blank extra form, or a step struck out
        steps.append(
            {
                "customer": data["customer"],
                "contacts": [
                    {"kind": kind, "text": text}
                    for kind in CONTACT_KINDS
                    for text in _split(data[kind])
                ],
                "backstage": _split(data["backstage"]),
                "support": _split(data["support"]),
            }
        )
        kept.append(form)
    return {"steps": steps}, kept


def initial_of(data: dict) -> list[dict]:
    """The formset's initial rows from stored blueprint data."""
    rows = []
    for step in data.get("steps", []):
        row = {"customer": step["customer"]}
        for kind in CONTACT_KINDS:
            row[kind] = "\n".join(c["text"] for c in step["contacts"] if c["kind"] == kind)
        row["backstage"] = "\n".join(step["backstage"])
        row["support"] = "\n".join(step["support"])
        rows.append(row)
    return rows
