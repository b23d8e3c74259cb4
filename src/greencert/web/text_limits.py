"""How much text a person may type into each free-text field, in one place.

A ``CharField`` of a model carries its own ``max_length``; a ``TextField``
has none in the database, so its limit is written here, by model and field,
and read by both the forms (``maxlength`` in the browser, Django's message
on the field) and the services (:func:`check_lengths`), so that the API
coming later refuses the same text.  The limits are generous for what each
field is for, and small enough that no one field can fill a page, a PDF or
the audit trail.  The limits are not put on the models' ``TextField``: on
SQLite that migration would rebuild the tables, and with them would go the
triggers that keep written records from being changed.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from greencert.core.exceptions import InputError, Problem

LINE = 200  # one line: a name, how something was communicated
SCOPE = 1_000  # a scope, printed whole on the certificate and the report
NOTE = 2_000  # a note, a comment or a reason
TEXT = 10_000  # a description, objective evidence, a plan, an outcome

# Every TextField of our models, by "app_label.model.field" (Model._meta.label_lower).
# ``None``: written by the software, never typed (tests/web/test_text_limits.py checks the list).
TEXT_FIELDS: dict[str, int | None] = {
    "accounts.impartialitydeclaration.statement": TEXT,
    "clients.conflictofinterest.reason": NOTE,
    "clients.organisation.uscc_exception_reason": NOTE,
    "clients.service.description": NOTE,
    "clients.qmscertificate.exemption_reason": NOTE,
    "clients.application.scope": SCOPE,
    "clients.application.review_reason": NOTE,
    "projects.project.scope": SCOPE,
    "projects.project.cancellation_reason": NOTE,
    "projects.evaluation.note": NOTE,
    "projects.itemrating.note": NOTE,
    "projects.clauserating.note": NOTE,
    "projects.checklistverdict.reason": NOTE,
    "projects.checklistverdict.notes": NOTE,
    "projects.exemptionrecord.certificate_scope": SCOPE,
    "projects.exemptionrecord.scope_note": NOTE,
    "projects.exemptionrecord.complaints_known": NOTE,
    "projects.exemptionrecord.surveillance_status": NOTE,
    "projects.exemptionrecord.reason": NOTE,
    "certification.nonconformity.description": TEXT,
    "certification.nonconformity.evidence": TEXT,
    "certification.nonconformity.correction": TEXT,
    "certification.nonconformity.root_cause": TEXT,
    "certification.nonconformity.action_plan": TEXT,
    "certification.nonconformity.review_comment": NOTE,
    "certification.nonconformity.verification": TEXT,
    "certification.review.comment": NOTE,
    "certification.decision.reason": NOTE,
    "certification.certificate.scope": SCOPE,  # copied from the project's scope
    "certification.certificate.status_reason": NOTE,
    "certification.certificateevent.reason": NOTE,
    "certification.complaint.subject": TEXT,
    "certification.complaint.outcome": TEXT,
    "certification.refusedattempt.reason": None,
    "surveys.surveyresponse.reason": NOTE,
    "surveys.submission.answers": None,  # JSON built from checked answers
    "surveys.submission.comment": None,  # SURVEY_COMMENT_MAX_CHARS, checked where it is read
    "webhooks.endpoint.sealed_secret": None,  # the secret encrypted; typed secrets ≤ 200 chars
    "webhooks.event.body": None,  # the event's JSON, built from stored facts
}


def limit_of(model: type[models.Model], name: str) -> int | None:
    """The most characters *model*'s field *name* takes from a person (None: not typed)."""
    field = model._meta.get_field(name)
    if isinstance(field, models.TextField):
        return TEXT_FIELDS[f"{model._meta.label_lower}.{name}"]
    return field.max_length


def length_problems(model: type[models.Model], values: Mapping[str, object]) -> list[Problem]:
    """A problem for each text in *values* (field name → value) longer than its field takes."""
    problems = []
    for name, value in values.items():
        limit = limit_of(model, name)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            label = model._meta.get_field(name).verbose_name
            problems.append(
                Problem(
                    field=name,
                    message=_(
                        "%(field)s is too long: %(length)s characters, where at most "
                        "%(limit)s are kept"
                    )
                    % {"field": label, "length": f"{len(value):,}", "limit": f"{limit:,}"},
                )
            )
    return problems


def check_lengths(model: type[models.Model], **values) -> None:
    """Refuse (naming each field) any text longer than its field takes."""
    if problems := length_problems(model, values):
        raise InputError(problems)


def text_area(label, *, limit: int, required: bool = True, rows: int = 3, **kwargs):
    """A text area that stops at *limit* characters (in the browser and in the form)."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def model_text(model: type[models.Model], name: str, *, rows: int = 3, **kwargs):
    """The text area of a model's ``TextField`` in a ``ModelForm``, with the field's limit."""
    field = model._meta.get_field(name)
    kwargs.setdefault("help_text", field.help_text)
    return text_area(
        capfirst(field.verbose_name),
        limit=limit_of(model, name),
        required=not field.blank,
        rows=rows,
        **kwargs,
    )
