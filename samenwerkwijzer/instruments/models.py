"""Rounds of the multi-party instruments, their answers, and what follows from them.

Answers are read only through ``access.visible_answer_sets`` (the blind rule) and
written only through ``services``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation

from . import definitions


class Round(models.Model):
    """One run of an instrument in a collaboration: every participating organisation answers blind."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="instrument_rounds")
    instrument = models.CharField(_("instrument"), max_length=40)
    definition_version = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(_("round"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)
    closed_early_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_early_reason = models.TextField(blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # An explorer's match check: a round of its own between this explorer organisation and the
    # partners at the time it opened (the answer sets say who). Empty for the collaboration's rounds.
    explorer = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["collaboration", "instrument", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "instrument", "number"], name="one_round_number_per_instrument"
            )
        ]

    def __str__(self):
        return f"{self.instrument} #{self.number} ({self.collaboration_id})"

    @property
    def definition(self) -> definitions.Instrument:
        return definitions.get_instrument(self.instrument, self.definition_version)

    def is_revealed(self) -> bool:
        return self.revealed_at is not None

    @property
    def was_closed_early(self) -> bool:
        return self.closed_early_by_id is not None or bool(self.closed_early_reason)


class AnswerSet(models.Model):
    """The one shared answer set of an organisation in a round; its members edit it until it is submitted."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answer_sets")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="one_answer_set_per_organisation")
        ]

    def __str__(self):
        return f"{self.organisation_id} in {self.round_id}"

    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class AnswerChange(models.Model):
    """Who changed which answer, from what to what. Append-only; seen only by the organisation itself."""

    answer_set = models.ForeignKey(AnswerSet, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    user_name = models.CharField(max_length=254)
    item_id = models.CharField(max_length=60)
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.item_id} by {self.user_name}"


class Conclusion(models.Model):
    """The joint conclusion on one question of a revealed round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="conclusions")
    item_id = models.CharField(max_length=60)
    text = models.TextField(_("joint conclusion"), max_length=4000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "item_id"], name="one_conclusion_per_question")]

    def __str__(self):
        return f"{self.round_id}:{self.item_id}"


class ActionItem(models.Model):
    """An action item of the collaboration: from a conclusion, a meeting decision or the work plan."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="action_items")
    description = models.TextField(_("what needs to happen"), max_length=1000)
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("who takes care of it")
    )
    # One person of the owner organisation who takes it on (work plan); optional.
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    work_goal = models.ForeignKey(
        "workspace.WorkGoal", on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    # Where it came from, e.g. "tien_basisvragen:q7_risks"; empty when added by hand.
    source = models.CharField(max_length=100, blank=True)
    round = models.ForeignKey(Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When the "action item overdue" webhook event went out (workspace/jobs.py). It counts for the
    # due date the item had then: a later due date that passes in turn is announced again.
    overdue_announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["status", "due_date", "id"]

    def __str__(self):
        return self.description[:60]


class AgendaProposal(models.Model):
    """A difference put on the agenda of the next meeting (issue 7 turns these into meeting agendas)."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="agenda_proposals")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="agenda_proposals")
    item_id = models.CharField(max_length=60)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_by_organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "item_id"], name="one_proposal_per_statement")]

    def __str__(self):
        return f"{self.round_id}:{self.item_id}"


class SelfCheck(models.Model):
    """An organisation's Zelfcheck (guide ch. 2): private to its members."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="self_check")
    definition_version = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self):
        return f"self-check {self.organisation_id}"

    @property
    def definition(self) -> definitions.Instrument:
        return definitions.get_instrument(definitions.ZELFCHECK, self.definition_version)


class SelfCheckShare(models.Model):
    """A snapshot of an organisation's Zelfcheck, shared on purpose with one collaboration."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="self_check_shares")
    definition_version = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "collaboration"], name="one_self_check_share_per_collaboration"
            )
        ]

    def __str__(self):
        return f"self-check {self.organisation_id}"

    @property
    def definition(self) -> definitions.Instrument:
        return definitions.get_instrument(definitions.ZELFCHECK, self.definition_version)
