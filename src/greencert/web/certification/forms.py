"""Forms of nonconformities, technical review and decision.

They check what a person typed (a date is a date, a choice is offered);
the rules — what is required, which state allows what, which grade may be
granted — are the services', whose problems are put back on the fields
they name (:func:`add_problems`).  The certificate forms live in
``forms_certificates.py`` (another area).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greencert.core.exceptions import GreenCertError
from greencert.core.grade import grade_rank
from greencert.core.scheme import Scheme
from greencert.web.certification.models import Decision, Nonconformity, Review
from greencert.web.projects.result_display import core_language


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _text(label, rows: int = 3):
    # Not required here: the service says what is missing, in one place.
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), strip=False
    )


def add_problems(form: forms.Form, exc: GreenCertError) -> None:
    """Show each problem a service raised on the field it names (or above the form)."""
    for problem in exc.problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message if field else str(problem))


def error_summary(form: forms.Form) -> list[str]:
    """“Field label: message” lines, so that a refusal always names the field."""
    labels = {name: field.label for name, field in form.fields.items()}
    lines = []
    for name, errors in form.errors.items():
        label = labels.get(name)
        lines += [f"{label}: {e}" if label else str(e) for e in errors]
    return lines


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
    description = _text(_("description"))
    evidence = _text(_("objective evidence"))

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

    correction = _text(_("correction"))
    root_cause = _text(_("root cause"))
    action_plan = _text(_("corrective-action plan"), rows=4)
    due_date = forms.DateField(label=_("due date"), required=False, widget=DateInput())


class PlanReviewForm(forms.Form):
    """The auditor accepts the client's plan or returns it (a return needs the comment)."""

    comment = _text(_("auditor's comment"))


class CloseForm(forms.Form):
    verification = _text(_("verification evidence"))


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=Review.Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = _text(_("comment"), rows=4)


class DecisionForm(forms.Form):
    """Grant (at most the computed grade) or refuse.

    The grade list offers only grades up to the computed one, but the field
    accepts any text: a higher grade reaches the service, which refuses it
    and logs the attempt — the rule is enforced there, not in the browser.
    """

    outcome = forms.ChoiceField(
        label=_("decision"),
        choices=Decision.Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    grade = forms.CharField(label=_("grade granted"), required=False, widget=forms.Select)
    reason = _text(
        _("reason"),
        rows=4,
    )
    decided_on = forms.DateField(label=_("decision date"), required=False, widget=DateInput())

    def __init__(self, *args, scheme: Scheme, computed: str, **kwargs):
        super().__init__(*args, **kwargs)
        offered = []
        if computed:
            top = grade_rank(scheme, computed)
            offered = [r.grade for r in scheme.grades if grade_rank(scheme, r.grade) <= top]
        self.fields["grade"].widget.choices = [("", "—")] + [(g, g) for g in offered]
        self.fields["reason"].help_text = _(
            "Required for a refusal, and for granting a lower grade than the computed one."
        )
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["outcome"].initial = (
            Decision.Outcome.GRANT if computed else Decision.Outcome.REFUSE
        )
        if computed:
            self.fields["grade"].initial = computed
