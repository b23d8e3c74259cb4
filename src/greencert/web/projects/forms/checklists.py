"""The forms of the checklist pages: one row's verdict, and the §5.2.2 exemption record."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.core.checklist import Checklist, verdicts_for
from greencert.web.fields import DateInput
from greencert.web.projects.models import Verdict
from greencert.web.text_limits import NOTE, SCOPE, text_area
from greencert.web.upload_checks import upload_problem


class VerdictForm(forms.Form):
    """The verdict on one row; "exempted" is offered only for a row the exemption lists."""

    verdict = forms.ChoiceField(label=_("Verdict"), widget=forms.RadioSelect)
    reason = text_area(_("Reason it is out of scope"), limit=NOTE, required=False, rows=2)
    notes = text_area(_("Notes"), limit=NOTE, required=False)
    date = forms.DateField(label=_("Audit date"), widget=DateInput())
    evidence = forms.FileField(label=_("Evidence file"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, kind: str, may_exempt: bool, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [v for v in verdicts_for(kind) if v != Verdict.EXEMPTED or may_exempt]
        self.fields["verdict"].choices = [(v, Verdict(v).label) for v in allowed]

    def clean_evidence(self):
        file = self.cleaned_data.get("evidence")
        if file and (problem := upload_problem(file)):
            raise forms.ValidationError(problem)
        return file

    def clean(self):
        data = super().clean()
        if data.get("verdict") == Verdict.OUT_OF_SCOPE and not data.get("reason", "").strip():
            self.add_error("reason", _("A row out of scope needs the reason why."))
        return data


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ExemptionForm(forms.Form):
    """The §5.2.2 risk assessment: the certificate, the factors considered, the decision."""

    certificate_number = forms.CharField(label=_("Certificate number"), max_length=80)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    accredited = forms.TypedChoiceField(
        label=_("Issued under accreditation"),
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    certificate_scope = text_area(_("Certificate scope"), limit=SCOPE, rows=2)
    certificate_expires = forms.DateField(label=_("Certificate expiry date"), widget=DateInput())
    last_surveillance = forms.DateField(
        label=_("Last surveillance audit"), required=False, widget=DateInput()
    )
    audit_date = forms.DateField(
        label=_("Audit date judged against"),
        widget=DateInput(),
        help_text=_("By default the project's planned start."),
    )
    scope_covers_service = forms.TypedChoiceField(
        label=_("Does the certificate's scope cover the certified service?"),
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    scope_note = text_area(_("Note on the scope"), limit=NOTE, required=False, rows=2)
    complaints_known = text_area(
        _("Complaints and nonconformities known"), limit=NOTE, required=False, rows=2
    )
    surveillance_status = text_area(
        _("The certificate's own surveillance status"), limit=NOTE, rows=2
    )
    clauses = forms.MultipleChoiceField(
        label=_("GB/T 19001 clauses exempted (none ticked: no exemption)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = text_area(_("Reason for the decision"), limit=NOTE)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, checklist: Checklist, title_field: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clauses"].choices = [
            (c.id, f"{c.id} {getattr(c, title_field)}") for c in checklist.clauses.values()
        ]

    def clean(self):
        data = super().clean()
        expires, audit_date = data.get("certificate_expires"), data.get("audit_date")
        if expires and audit_date and expires < audit_date:
            self.add_error(
                "certificate_expires",
                _(
                    "The certificate is not valid on the audit date %(audit)s: only an "
                    "organisation holding a GB/T 19001 certificate valid on the audit date may "
                    "be exempted (§5.2.2)."
                )
                % {"audit": audit_date.isoformat()},
            )
        return data
