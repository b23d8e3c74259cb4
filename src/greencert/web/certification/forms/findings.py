"""Forms of nonconformities: raising, answering, reviewing the plan, closing.

They check what a person typed (a date is a date, a choice is offered);
the rules — what is required, which state allows what — are the services',
whose problems are put back on the fields they name
(:func:`greencert.web.form_errors.add_problems`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.core.scheme import Scheme
from greencert.web.certification.models import Nonconformity
from greencert.web.fields import DateInput, optional_text
from greencert.web.projects.result_display import core_language


class NonconformityForm(forms.Form):
    clause = forms.ChoiceField(label=_("clause"))
    item = forms.ChoiceField(
        label=_("item (optional)"),
        required=False,
        help_text=_("The service item the finding concerns, if any."),
    )
    severity = forms.ChoiceField(
        label=_("severity"), choices=Nonconformity.Severity.choices, widget=forms.RadioSelect
    )
    description = optional_text(_("description"))
    evidence = optional_text(_("objective evidence"))

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        en = core_language() == "en"
        self.fields["clause"].choices = [("", "—")] + [
            (cid, clause_label(scheme, cid, en)) for cid in scheme.clauses
        ]
        self.fields["item"].choices = [("", "—")] + [
            (i.id, item_label(scheme, i.id, en)) for i in scheme.items.values()
        ]


def clause_label(scheme: Scheme, clause_id: str, en: bool) -> str:
    clause = scheme.clauses.get(clause_id)
    if clause is None:
        return clause_id
    return f"{clause.id} {clause.title_en if en else clause.title}"


def item_label(scheme: Scheme, item_id: str, en: bool) -> str:
    """“1.2 功能性 · 设备设施”: an item is named by its characteristic and aspect."""
    item = scheme.items.get(item_id)
    if item is None:
        return item_id
    characteristic = scheme.characteristic_by_id[item.characteristic_id]
    if en:
        return f"{item.id} {characteristic.name_en} · {item.aspect_en}"
    return f"{item.id} {characteristic.name} · {item.aspect}"


class AnswerForm(forms.Form):
    """The client's answer to a nonconformity."""

    correction = optional_text(_("correction"))
    root_cause = optional_text(_("root cause"))
    action_plan = optional_text(_("corrective-action plan"), rows=4)
    due_date = forms.DateField(label=_("due date"), required=False, widget=DateInput())


class PlanReviewForm(forms.Form):
    """The auditor accepts the client's plan or returns it (a return needs the comment)."""

    comment = optional_text(_("auditor's comment"))


class CloseForm(forms.Form):
    verification = optional_text(_("verification evidence"))
