"""A person's records: the ID document (checked, seen whole only by administrators on the
records page, masked in the list of people, never in the audit trail), qualifications and
declarations as the administrator records them, and the certification body's record."""

from __future__ import annotations

import datetime
import doctest

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from greencert.web.accounts import identity
from greencert.web.accounts.models import CertificationBody, ImpartialityDeclaration, PersonRecord
from greencert.web.accounts.records import add_declaration, save_body, save_id_document
from greencert.web.audit.models import AuditEntry
from greencert.web.clients import divisions
from tests.web.conftest import PASSWORD
from tests.web.projects_support import english, text

pytestmark = pytest.mark.django_db

# GB 11643 check digits worked out by hand (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2;
# the sum mod 11 picks from 1 0 X 9 8 7 6 5 4 3 2):
#   36010219900307123 → 237, 237 mod 11 = 6 → "6"
#   11010519491231002 → 167, 167 mod 11 = 2 → "X"
NUMBER = "360102199003071236"
MASKED = "3601**********1236"


def test_docstring_examples():
    assert doctest.testmod(identity).failed == 0
    assert doctest.testmod(divisions).failed == 0


def test_a_resident_id_is_checked_and_kept_upper_case_without_spaces(world):
    person = save_id_document(
        actor=world.admin,
        user=world.leader,
        id_document_type="01",
        id_document_number=" 11010519491231002x ",
    )
    assert person.id_document_number == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("360102199003071234", "the check digit does not match (GB 11643)"),
        ("36010219900307123", "a resident identity card number has 18 characters"),
        # Month 13, with its right check character (sum 244, 244 mod 11 = 2 → "X").
        ("36010219901307123X", "the birth date or the place code in it is not valid"),
    ],
)
def test_a_wrong_resident_id_is_refused_with_its_reason(world, number, problem, client):
    english(client).login(username="admin", password=PASSWORD)
    url = reverse("person_records", args=[world.leader.pk])
    response = client.post(url, {"id_document_type": "01", "id_document_number": number})
    assert response.status_code == 200
    assert f"The ID document number is not valid: {problem}." in text(response)
    assert (
        not PersonRecord.objects.filter(user=world.leader).exclude(id_document_number="").exists()
    )


def test_a_number_without_its_type_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        save_id_document(
            actor=world.admin, user=world.leader, id_document_type="", id_document_number=NUMBER
        )
    assert "id_document_type" in refused.value.message_dict


def test_the_trail_says_the_number_changed_never_what_it_is(world, client):
    save_id_document(
        actor=world.admin, user=world.leader, id_document_type="01", id_document_number=NUMBER
    )
    entry = AuditEntry.objects.get(action="greencert.account.id_document_changed")
    assert entry.after == {"id_document_type": "01", "id_document_number": "changed"}
    stored = str(entry.before) + str(entry.after) + entry.object_repr
    assert NUMBER not in stored and NUMBER[-4:] not in stored
    english(client).login(username="admin", password=PASSWORD)
    page = text(client.get(reverse("account_detail", args=[world.leader.pk])))
    assert "ID document number : — → changed (the number is not shown here)" in page
    assert NUMBER not in page and MASKED not in page


def _pages_for(world) -> dict[str, list[str]]:
    """Pages each persona may open that show the leader (team, project, account pages)."""
    project = world.project.pk
    return {
        "pm": [
            reverse("project_team", args=[project]),
            reverse("project_detail", args=[project]),
            reverse("project_audit", args=[project]),
            reverse("home"),
        ],
        "leader": [
            reverse("my_account"),
            reverse("project_detail", args=[project]),
            reverse("home"),
        ],
        "reviewer": [reverse("project_detail", args=[project])],
        "decider": [reverse("project_detail", args=[project])],
        "client": [reverse("project_detail", args=[project])],
        "admin": [reverse("account_list"), reverse("account_detail", args=[world.leader.pk])],
    }


def test_only_the_administrator_sees_the_number_and_only_on_the_records_page(world, client):
    """Decided (issue 16): administrators only, not even the person themself."""
    save_id_document(
        actor=world.admin, user=world.leader, id_document_type="01", id_document_number=NUMBER
    )
    for persona, urls in _pages_for(world).items():
        client.login(username=persona, password=PASSWORD)
        for url in urls:
            page = client.get(url).content.decode()
            assert NUMBER not in page, (persona, url)
            assert "19900307" not in page, (persona, url)  # nor its middle
        if persona != "admin":
            records = client.get(reverse("person_records", args=[world.leader.pk]))
            assert records.status_code == 404, persona
    client.login(username="admin", password=PASSWORD)
    assert MASKED in client.get(reverse("account_list")).content.decode()
    records = client.get(reverse("person_records", args=[world.leader.pk])).content.decode()
    assert f'value="{NUMBER}"' in records


def test_a_declaration_keeps_its_signed_copy_and_refuses_a_disguised_file(world):
    with pytest.raises(ValidationError) as refused:
        add_declaration(
            actor=world.admin,
            user=world.leader,
            signed_on=datetime.date(2026, 1, 5),
            valid_until=datetime.date(2026, 12, 31),
            statement="声明",
            file=SimpleUploadedFile("声明.pdf", b"MZ not a pdf", "application/pdf"),
        )
    assert "file" in refused.value.message_dict
    assert not ImpartialityDeclaration.objects.filter(signed_on=datetime.date(2026, 1, 5)).exists()
    declaration = add_declaration(
        actor=world.admin,
        user=world.leader,
        signed_on=datetime.date(2026, 1, 5),
        valid_until=datetime.date(2026, 12, 31),
        statement="声明",
        file=SimpleUploadedFile("声明.pdf", b"%PDF-1.7 signed", "application/pdf"),
    )
    assert declaration.file.read() == b"%PDF-1.7 signed"


def test_a_declaration_signed_in_the_future_is_refused(world):
    future = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        add_declaration(
            actor=world.admin,
            user=world.leader,
            signed_on=future,
            valid_until=future + datetime.timedelta(days=365),
            statement="声明",
        )
    assert list(refused.value.message_dict) == ["signed_on"]


def test_the_body_page_asks_for_the_approval_number_until_it_is_given(world, client, settings):
    english(client).login(username="admin", password=PASSWORD)
    page = text(client.get(reverse("certification_body")))
    assert "The approval number is not recorded yet." in page
    assert CertificationBody.current().name == settings.CERTIFICATION_BODY
    assert not CertificationBody.objects.exists()  # the page read the default, stored nothing
    save_body(actor=world.admin, approval_number="cnca-r-2026-099 ", name="江西腾标认证有限公司")
    assert CertificationBody.current().approval_number == "CNCA-R-2026-099"
    page = text(client.get(reverse("certification_body")))
    assert "The approval number is not recorded yet." not in page


def test_a_malformed_approval_number_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        save_body(actor=world.admin, approval_number="CNCA/R 2026", name="江西腾标认证有限公司")
    assert list(refused.value.message_dict) == ["approval_number"]
