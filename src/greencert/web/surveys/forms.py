"""Staff forms: opening a survey, reviewing flagged responses (one, or several at once)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencert.web.fields import DateInput


class SurveyForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, label=_("Site"), empty_label=None)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on (inclusive)"), widget=DateInput())
    max_responses = forms.IntegerField(
        label=_("Maximum number of online responses"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for no maximum."),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date is before the opening date."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Include or exclude this response"),
        choices=[("include", _("Include")), ("exclude", _("Exclude"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (recorded in the audit trail)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkReviewForm(forms.Form):
    """One decision and one reason for the ticked responses (of the page's survey only)."""

    responses = forms.TypedMultipleChoiceField(
        label=_("Responses"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    decision = forms.ChoiceField(
        label=_("Include or exclude the ticked responses"),
        choices=[("include", _("Include")), ("exclude", _("Exclude"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (recorded in the audit trail for each response)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, response_ids, **kwargs):
        super().__init__(*args, prefix="bulk", **kwargs)
        self.fields["responses"].choices = [(pk, pk) for pk in response_ids]
        self.fields["responses"].error_messages["invalid_choice"] = _(
            "A ticked response is not among those listed on this page."
        )
