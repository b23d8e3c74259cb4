"""Surveys and their responses.

A :class:`Survey` is opened for one project and one of its sites; its
public link carries an unguessable token.  Every answered questionnaire —
online or imported from paper — is a :class:`SurveyResponse` tied to exactly one
:class:`~greencert.web.projects.models.Evaluation` of source ``customer``.
The evaluation counts in the service score only once the survey is
accepted and the response is included.  Nothing here is ever deleted.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_token() -> str:
    """22 URL-safe characters: 128 random bits, so a link cannot be guessed."""
    return secrets.token_urlsafe(16)


class Survey(models.Model):
    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("survey state", "Open")
        CLOSED = "closed", pgettext_lazy("survey state", "Closed")
        ACCEPTED = "accepted", pgettext_lazy("survey state", "Accepted")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="surveys"
    )
    site = models.ForeignKey("clients.Site", verbose_name=_("site"), on_delete=models.PROTECT)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    max_responses = models.PositiveIntegerField(
        _("maximum number of online responses"), null=True, blank=True
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    # Last number used in the evaluation codes S<id>-<n> (online and imported).
    numbered = models.PositiveIntegerField(default=0)
    # Online responses stored so far: what the maximum is checked against.
    online_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="survey_closes_after_it_opens"
            ),
            models.CheckConstraint(
                condition=Q(max_responses__isnull=True) | Q(max_responses__gte=1),
                name="survey_maximum_is_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"S{self.pk} {self.site}"

    @property
    def code(self) -> str:
        return f"S{self.pk}"


class SurveyResponse(models.Model):
    """One answered questionnaire and its quality flags; its sheet is :attr:`evaluation`."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        OFFLINE = "offline", _("Paper, imported")

    class Status(models.TextChoices):
        INCLUDED = "included", _("Included")
        HELD = "held", _("Flagged, awaiting review")
        EXCLUDED = "excluded", _("Excluded")

    # Indexes are few on purpose (each is written by every public submission): the
    # composite ones below all begin with the survey, and nobody searches by reviewer.
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", db_index=False
    )
    evaluation = models.OneToOneField(
        "projects.Evaluation", on_delete=models.PROTECT, related_name="survey_response"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The per-render token of the form (online) or a random one (imported): a
    # double tap or a resend hits this unique constraint and stores nothing.
    submission = models.CharField(max_length=64)  # unique: see Meta.constraints
    device = models.CharField(max_length=64, blank=True)  # SHA-256 of the device cookie
    network = models.CharField(max_length=64, blank=True)  # /24 (IPv4) or /48 (IPv6), no address
    seconds = models.PositiveIntegerField(null=True, blank=True)  # from render to submission
    row = models.PositiveIntegerField(null=True, blank=True)  # workbook row of a paper one
    too_fast = models.BooleanField(_("completed too fast"), default=False)
    same_answers = models.BooleanField(_("the same answer on every item"), default=False)
    duplicate_device = models.BooleanField(_("device already answered"), default=False)
    network_burst = models.BooleanField(_("burst from one network"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    FLAGS = ("too_fast", "same_answers", "duplicate_device", "network_burst")

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["survey", "network", "created_at"], name="response_network_idx"),
            # The responses a new burst must still hold: few, found without reading the burst.
            models.Index(
                fields=["survey", "network", "created_at"],
                condition=Q(network_burst=False),
                name="response_unburst_idx",
            ),
            models.Index(fields=["survey", "device"], name="response_device_idx"),
            models.Index(fields=["survey", "status"], name="response_status_idx"),
        ]
        constraints = [
            # A constraint rather than unique=True: the same guarantee, without the second
            # (pattern-matching) index PostgreSQL would get for a unique text field.
            models.UniqueConstraint(fields=["submission"], name="one_response_per_form"),
            # Held means flagged: an unflagged response never waits for a review.
            models.CheckConstraint(
                condition=~Q(status="held")
                | Q(too_fast=True)
                | Q(same_answers=True)
                | Q(duplicate_device=True)
                | Q(network_burst=True),
                name="held_responses_are_flagged",
            ),
            # An excluded response always says why.
            models.CheckConstraint(
                condition=~Q(status="excluded") | ~Q(reason=""),
                name="excluded_responses_have_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.evaluation.code if self.evaluation_id else f"response {self.pk}"

    @property
    def flags(self) -> list[str]:
        return [name for name in self.FLAGS if getattr(self, name)]

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def flag_labels(self) -> list[str]:
        return [str(self._meta.get_field(name).verbose_name) for name in self.flags]


class Submission(models.Model):
    """A questionnaire as the public page posted it: one row, written in one statement.

    The public path does nothing else, so that a crowd of customers costs the
    database little.  The row becomes its :class:`SurveyResponse` and
    customer :class:`~greencert.web.projects.models.Evaluation` at the next
    ``drain_surveys`` run or staff action on the survey (see
    :mod:`greencert.web.surveys.inbox`; pages only count the rows waiting): there the responses are numbered in
    the order they arrived and the device and burst flags are set, seeing
    every earlier answer.  It is kept afterwards as the raw record.
    """

    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="submissions", db_index=False
    )
    # The form's one-time token: unique, so a double tap or a resend is stored once.
    nonce = models.CharField(max_length=64)
    answers = models.TextField()  # JSON: {item id: Likert level}, checked before it was stored
    comment = models.TextField(blank=True)
    device = models.CharField(max_length=64, blank=True)  # SHA-256 of the device cookie
    network = models.CharField(max_length=64, blank=True)  # /24 or /48, never the address
    seconds = models.PositiveIntegerField()  # from the page shown to the answers sent
    too_fast = models.BooleanField(default=False)
    same_answers = models.BooleanField(default=False)
    # Already counted against the survey's maximum when it was taken (a capped survey).
    counted = models.BooleanField(default=False)
    drained = models.BooleanField(default=False)  # its response exists
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["nonce"], name="one_submission_per_form"),
        ]
        indexes = [
            # Few rows (those not yet turned into responses), found without reading the rest.
            models.Index(
                fields=["survey"], condition=Q(drained=False), name="submission_pending_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"S{self.survey_id} submission {self.pk}"
