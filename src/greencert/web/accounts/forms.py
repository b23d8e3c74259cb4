"""Forms of the account pages: inviting, roles, codes, re-authentication; a person's records
(identity document, qualifications, impartiality declarations) and the body's record."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from greencert.web.accounts.access import STAFF_ROLES
from greencert.web.accounts.models import (
    CertificationBody,
    ImpartialityDeclaration,
    PersonRecord,
    Qualification,
    Role,
)
from greencert.web.fields import DateInput
from greencert.web.text_limits import model_text

STAFF_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in STAFF_ROLES]


class InviteForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    display_name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"))


class StaffInviteForm(InviteForm):
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        help_text=_("The six digits your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ReauthenticateForm(forms.Form):
    """The password, or a second-factor code for a person who has one."""

    WRONG = "wrong_secret"  # the error code of a failed try (an empty field is not one)

    secret = forms.CharField(
        label=_("Password or code"),
        strip=False,
        max_length=4096,  # as long as any password Django's own forms let a person set
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, request, check_code, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.check_code = request, check_code

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        user = self.request.user
        credentials = {"username": user.get_username()}
        # Password and code are checked without django-axes first: had the password been
        # tried through authenticate() before the code, every right code would count as a
        # wrong password, and a person confirming by code would lock themselves out.
        locked = AxesProxyHandler.is_locked(self.request, credentials)
        if not locked and (user.check_password(secret) or self.check_code(user, secret)):
            return secret
        # Neither (or locked out): through authenticate(), so that django-axes counts this
        # one wrong try as at log-in, and keeps refusing while the lockout lasts.
        authenticate(self.request, password=secret, **credentials)
        raise forms.ValidationError(
            _("This is neither your password nor a valid code."), code=self.WRONG
        )


class IdDocumentForm(forms.ModelForm):
    """The type and number; the model's clean() checks the number against its type."""

    class Meta:
        model = PersonRecord
        fields = ["id_document_type", "id_document_number"]
        widgets = {"id_document_number": forms.TextInput(attrs={"autocomplete": "off"})}


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "registration_number", "valid_from", "valid_until", "schemes", "sectors"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("A qualification cannot end before it starts."))
        return data


class DeclarationForm(forms.ModelForm):
    """A signed declaration; the service checks the dates and the file's kind and content."""

    statement = model_text(ImpartialityDeclaration, "statement", rows=4)
    file = forms.FileField(
        label=_("Signed copy"),
        required=False,
        help_text=_("The scan of the signed paper or the signed PDF (PDF, JPEG or PNG)."),
    )

    class Meta:
        model = ImpartialityDeclaration
        fields = ["signed_on", "valid_until", "statement"]
        widgets = {"signed_on": DateInput(), "valid_until": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("signed_on"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("A declaration cannot end before it is signed."))
        return data


class BodyForm(forms.ModelForm):
    class Meta:
        model = CertificationBody
        fields = ["approval_number", "name", "accreditation_number", "accreditation_mark"]


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What the token is for, e.g. the system that uses it."),
    )
    writes = forms.BooleanField(
        label=_("May write"),
        required=False,
        help_text=_("Without it the token only reads."),
    )
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput())
