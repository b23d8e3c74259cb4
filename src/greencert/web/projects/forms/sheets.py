"""The sheet pages' forms: an evaluation's header, the maturity sheet, a workbook import.

The ratings themselves are read row by row (:mod:`greencert.web.projects.sheet_rows`)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greencert.core.statistics.agreement import RATER_SOURCES
from greencert.web.fields import DateInput
from greencert.web.projects.models import Evaluation
from greencert.web.text_limits import NOTE, text_area
from greencert.web.upload_checks import upload_problem

OFFICIAL_SOURCES = [(v, label) for v, label in Evaluation.Source.choices if v != "self"]


def rater_choices(project, evaluation: Evaluation | None = None):
    """The accounts a sheet's rater may be: the project's team, and the sheet's stored rater
    (kept as recorded when they have left the team since)."""
    team = Q(pk__in=project.team.values("user"))
    if evaluation is not None and evaluation.rater_id:
        team |= Q(pk=evaluation.rater_id)
    return get_user_model().objects.filter(team).order_by("display_name", "username")


class RaterField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        """The name, and the username that tells two people of the same name apart."""
        name = str(obj)
        return name if name == obj.username else f"{name} ({obj.username})"


class EvaluationHeaderForm(forms.Form):
    """Who evaluated, when, where, as what; the sheet's version when it is edited."""

    code = forms.CharField(
        label=_("Evaluation id"),
        max_length=40,
        required=False,
        help_text=_("Leave empty for the next free id (E1, E2, …)."),
    )
    evaluator = forms.CharField(
        label=_("Evaluator"),
        max_length=100,
        help_text=_("The name as written on the sheet."),
    )
    rater = RaterField(
        label=_("Rater account"),
        queryset=None,
        required=False,
        help_text=_(
            "The team account that rated (auditor or mystery shopper): it tells raters apart "
            "in agreement and calibration, whatever name is written under Evaluator."
        ),
    )
    date = forms.DateField(
        label=_("Date"),
        # A date input always speaks ISO, whatever the page's language.
        widget=DateInput(),
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=OFFICIAL_SOURCES)
    note = text_area(_("Note"), limit=NOTE, required=False, rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, organisation, official: bool, raters=None, **kwargs):
        """*raters*: the accounts that may be chosen as rater (the project's team, and the
        stored rater of the sheet being edited); none for a self-assessment."""
        super().__init__(*args, **kwargs)
        # Only the organisation's own sites: another organisation's site is "not a valid choice".
        sites = organisation.sites.all()
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = "—"
        only = list(sites[:2])
        new_sheet = not self.is_bound and self.initial.get("code") is None
        if len(only) == 1 and new_sheet:
            # One site: it is the one evaluated (a stored sheet keeps what it says).
            self.initial["site"] = only[0].pk
        if official:
            self.fields["rater"].queryset = raters
            self.fields["rater"].empty_label = "—"
        else:
            del self.fields["source"]  # a self-assessment's source is always "self"
            del self.fields["rater"]  # and it has no rater

    def clean(self):
        data = super().clean()
        if data.get("rater") is not None and data.get("source") not in RATER_SOURCES:
            self.add_error(
                "rater", _("Only an auditor's or a mystery shopper's evaluation has a rater.")
            )
        return data

    @classmethod
    def initial_for(cls, evaluation: Evaluation | None, user, on_team: bool = False) -> dict:
        """A new sheet is the auditor's own: rated by *user* when *on_team*."""
        if evaluation is None:
            initial = {"evaluator": str(user), "date": timezone.localdate(), "source": "auditor"}
            return initial | ({"rater": user.pk} if on_team else {})
        return {
            "code": evaluation.code,
            "evaluator": evaluation.evaluator,
            "rater": evaluation.rater_id,
            "date": evaluation.date,
            "site": evaluation.site_id,
            "source": evaluation.source,
            "note": evaluation.note,
            "version": evaluation.version,
        }

    def header(self, official: bool) -> dict:
        """The header as :func:`greencert.web.projects.services.save_evaluation` takes it."""
        data = self.cleaned_data
        return {
            "code": data["code"].strip(),
            "evaluator": data["evaluator"].strip(),
            "rater": data["rater"] if official else None,
            "date": data["date"],
            "site": data["site"],
            "source": data["source"] if official else Evaluation.Source.SELF,
            "note": data["note"],
        }


class MaturityForm(forms.Form):
    """The maturity sheet's lock: the version read when the sheet was opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _(
                    "%(name)s is not an Excel workbook: upload the .xlsx template "
                    "downloaded from this page, filled in."
                )
                % {"name": file.name}
            )
        problem = upload_problem(file, extensions=("xlsx",))
        if problem:
            raise forms.ValidationError(problem)
        return file
