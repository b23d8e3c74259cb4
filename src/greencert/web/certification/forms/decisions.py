"""Forms of the technical review and the certification decision.

Which grade may be granted is the decision service's rule; its problems are
put back on the fields they name."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greencert.core.grade import grade_rank
from greencert.core.scheme import Scheme
from greencert.web.certification.models import Decision, Review
from greencert.web.fields import DateInput, optional_text
from greencert.web.text_limits import NOTE


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("technical review", "Outcome"),
        choices=Review.Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = optional_text(_("Comment"), limit=NOTE, rows=4)

    def __init__(self, *args, **kwargs):
        # Labels stand alone in both languages (Django's default suffix is an ASCII colon).
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DecisionForm(forms.Form):
    """Grant (at most the computed grade) or refuse.

    The grade list offers only grades up to the computed one, but the field
    accepts any text: a higher grade reaches the service, which refuses it
    and logs the attempt — the rule is enforced there, not in the browser.
    """

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    grade = forms.CharField(
        label=_("Grade granted"), required=False, max_length=10, widget=forms.Select
    )
    reason = optional_text(_("Reason"), limit=NOTE, rows=4)
    decided_on = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())

    def __init__(self, *args, scheme: Scheme, computed: str, **kwargs):
        kwargs.setdefault("label_suffix", "")
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
