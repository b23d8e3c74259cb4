"""Writes for a person's records: the identity document, qualifications, impartiality
declarations; and the certification body's own record.

Keyword-only, one transaction each, the audit entry written with the change.  The entries of a
person's records name the person's account (so they show on the account's page); the identity
document's number is personal data: its entry says that it changed, never what it is.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greencert.web.accounts.models import (
    CertificationBody,
    ImpartialityDeclaration,
    PersonRecord,
    Qualification,
    User,
)
from greencert.web.audit.services import record
from greencert.web.date_limits import Event, today, window_problems
from greencert.web.text_limits import length_problems
from greencert.web.upload_checks import upload_problem
from greencert.web.uploads import delete_after_commit, files_removed_on_failure

# A signed declaration is kept as the scan of the paper or the signed PDF.
DECLARATION_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
QUALIFICATION_FIELDS = (
    "kind",
    "registration_number",
    "valid_from",
    "valid_until",
    "schemes",
    "sectors",
)
BODY_FIELDS = ("approval_number", "name", "accreditation_number", "accreditation_mark")


def _staff(user: User) -> None:
    if user.is_client:
        raise ValidationError(_("A client user has no records of the certification body's staff."))


def _refuse(problems) -> None:
    if problems:
        raise ValidationError({p.field: [p.message] for p in problems})


@transaction.atomic
def save_id_document(*, actor, user: User, id_document_type: str, id_document_number: str):
    """Record or change a person's identity document (checked against its type)."""
    _staff(user)
    person, _created = PersonRecord.objects.select_for_update().get_or_create(user=user)
    before = (person.id_document_type, person.id_document_number)
    person.id_document_type = id_document_type
    person.id_document_number = id_document_number
    person.full_clean()  # upper case, no spaces; GB 11643 for a resident identity card
    if (person.id_document_type, person.id_document_number) != before:
        person.save()
        record(
            actor=actor,
            action="greencert.account.id_document_changed",
            target=user,
            before={"id_document_type": before[0]},
            # That the number changed, never the number (nor a part of it).
            after={"id_document_type": person.id_document_type, "id_document_number": "changed"},
        )
    return person


def _qualification_values(values: dict) -> dict:
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    values["registration_number"] = "".join(values["registration_number"].split()).upper()
    return values


@transaction.atomic
def add_qualification(*, actor, user: User, **values) -> Qualification:
    """A qualification (kind, registration number, validity, schemes and sectors covered)."""
    _staff(user)
    unknown = set(values) - set(QUALIFICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    qualification = Qualification(person=user, **_qualification_values(values))
    qualification.full_clean()
    if not qualification.scheme_labels():
        raise ValidationError({"schemes": _("Name at least one scheme it covers.")})
    qualification.save()
    record(
        actor=actor,
        action="greencert.account.qualification_added",
        target=user,
        after={f: getattr(qualification, f) for f in QUALIFICATION_FIELDS},
    )
    return qualification


@transaction.atomic
def remove_qualification(*, actor, qualification: Qualification) -> None:
    """Remove a qualification recorded by mistake (the audit trail keeps what it said)."""
    record(
        actor=actor,
        action="greencert.account.qualification_removed",
        target=qualification.person,
        before={f: getattr(qualification, f) for f in QUALIFICATION_FIELDS},
    )
    qualification.delete()


def _declaration_problems(signed_on, valid_until) -> list:
    problems = window_problems(
        signed_on, field="signed_on", label=_("The signing date"), before=[today()]
    )
    problems += window_problems(
        valid_until,
        field="valid_until",
        label=_("The end of validity"),
        after=[Event(signed_on, _("the signing date"))] if signed_on else [],
    )
    return problems


def add_declaration(
    *,
    actor,
    user: User,
    signed_on: datetime.date,
    valid_until: datetime.date,
    statement: str,
    file=None,
) -> ImpartialityDeclaration:
    """A signed impartiality declaration, with the scan of the signed paper if given."""
    _staff(user)
    statement = statement.strip()
    _refuse(
        length_problems(ImpartialityDeclaration, {"statement": statement})
        + _declaration_problems(signed_on, valid_until)
    )
    if file is not None and (problem := upload_problem(file, extensions=DECLARATION_EXTENSIONS)):
        raise ValidationError({"file": [problem]})
    with files_removed_on_failure() as stored:
        declaration = ImpartialityDeclaration(
            person=user, signed_on=signed_on, valid_until=valid_until, statement=statement
        )
        if file is not None:
            declaration.original_name = file.name[:200]
            stored.save(declaration.file, file)
        declaration.full_clean()
        declaration.save()
        record(
            actor=actor,
            action="greencert.account.declaration_added",
            target=user,
            after={
                "signed_on": signed_on,
                "valid_until": valid_until,
                "file": declaration.original_name or "—",
            },
        )
    return declaration


@transaction.atomic
def remove_declaration(*, actor, declaration: ImpartialityDeclaration) -> None:
    """Remove a declaration recorded by mistake; its file goes once the removal commits."""
    record(
        actor=actor,
        action="greencert.account.declaration_removed",
        target=declaration.person,
        before={
            "signed_on": declaration.signed_on,
            "valid_until": declaration.valid_until,
            "file": declaration.original_name or "—",
        },
    )
    delete_after_commit([declaration.file])
    declaration.delete()


@transaction.atomic
def save_body(*, actor, **values) -> CertificationBody:
    """The certification body's approval number, name, accreditation number and mark."""
    unknown = set(values) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    body = CertificationBody.objects.select_for_update().filter(pk=CertificationBody.ONLY).first()
    body = body or CertificationBody.current()
    before = {} if body._state.adding else {f: getattr(body, f) for f in BODY_FIELDS}
    for name, value in values.items():
        setattr(body, name, value.strip() if isinstance(value, str) else value)
    body.full_clean()  # the approval number in upper case, without spaces
    after = {f: getattr(body, f) for f in BODY_FIELDS}
    if after != before:
        body.save()
        record(
            actor=actor,
            action="greencert.certification_body.changed",
            target=body,
            before=before or None,
            after=after,
        )
    return body
