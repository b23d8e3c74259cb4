"""Forms of nonconformities: raising, answering, reviewing the plan, closing.

They check what a person typed (a date is a date, a choice is offered);
the rules — what is required, which state allows what — are the services',
whose problems are put back on the fields they name
(:func:`greencert.web.form_errors.add_problems`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greencert.core.assessment_input import Checklists, Reference
from greencert.web.certification import references
from greencert.web.certification.models import Nonconformity
from greencert.web.fields import DateInput, MultipleFileField, optional_text
from greencert.web.projects.models import Assessment
from greencert.web.text_limits import NOTE, TEXT


class NonconformityForm(forms.Form):
    reference = forms.ChoiceField(
        label=pgettext_lazy("nonconformity", "reference"),
        help_text=_(
            "What the nonconformity is against: a service item, a management clause, a "
            "GB/T 19001 clause or a §4.2.2 requirement."
        ),
        error_messages={
            "invalid_choice": _("“%(value)s” is not a reference this project may cite.")
        },
    )
    severity = forms.ChoiceField(
        label=_("severity"), choices=Nonconformity.Severity.choices, widget=forms.RadioSelect
    )
    description = optional_text(_("description"), limit=TEXT)
    evidence = optional_text(_("objective evidence"), limit=TEXT)

    def __init__(self, *args, assessment: Assessment, checklists: Checklists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].choices = [("", "—"), *reference_choices(assessment, checklists)]


# The groups of the reference list, in the order an audit meets them.
GROUPS = {
    "item": pgettext_lazy("reference group", "Appendix 1 service items"),
    "clause": pgettext_lazy("reference group", "Appendix 3/4 management clauses"),
    "qms": pgettext_lazy("reference group", "GB/T 19001 clauses"),
    "specific": pgettext_lazy("reference group", "§4.2.2 specific requirements"),
}


def reference_choices(assessment: Assessment, checklists: Checklists) -> list:
    """Optgroups of (``kind:id``, its name); a kind with nothing to cite is left out."""
    groups = []
    for kind, ids in references.citable(assessment, checklists).items():
        options = [
            (references.as_text(ref), references.label(ref, checklists))
            for ref in (Reference(kind, i) for i in ids)
        ]
        if options:
            groups.append((GROUPS[kind], options))
    return groups


class AnswerForm(forms.Form):
    """The client's answer to a nonconformity."""

    correction = optional_text(_("correction"), limit=TEXT)
    root_cause = optional_text(_("root cause"), limit=TEXT)
    action_plan = optional_text(_("corrective-action plan"), limit=TEXT, rows=4)
    due_date = forms.DateField(label=_("due date"), required=False, widget=DateInput())
    files = MultipleFileField(
        label=_("evidence files"),
        help_text=_("Photos or documents showing the correction; several may be chosen."),
    )


class PlanReviewForm(forms.Form):
    """The auditor accepts the client's plan or returns it (a return needs the comment)."""

    comment = optional_text(_("auditor's comment"), limit=NOTE)


class CloseForm(forms.Form):
    verification = optional_text(_("verification evidence"), limit=TEXT)
