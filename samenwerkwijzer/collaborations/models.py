from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.lib import tokens
from samenwerkwijzer.organisations.models import Organisation


class Phase(models.TextChoices):
    """The lifecycle of PRODUCT.md; the order of the members is the order of the phases."""

    EXPLORE = "explore", _("Explore")
    FIND_PARTNER = "find_partner", _("Find a partner")
    AGREEMENTS = "agreements", _("Make agreements")
    LEGAL_FORM = "legal_form", _("Legal form")
    EXECUTE = "execute", _("Execute and evaluate")


class AmbitionLevel(models.TextChoices):
    OPERATIONAL = "operational", _("operational")
    TACTICAL = "tactical", _("tactical")
    STRATEGIC = "strategic", _("strategic")


class DurationKind(models.TextChoices):
    PROJECT = "project", _("project (for a set term)")
    STRUCTURAL = "structural", _("structural")


# What a lead may choose to show an explorer, besides the name, the goal and the lead's contact.
EXPLORER_SHARES = {
    "ambition": _("the ambition level, whether it is a project or structural, and the planned end date"),
    "phase": _("the phase the collaboration is in"),
    "partners": _("the names of the partner organisations"),
}


class Collaboration(models.Model):
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=4000)
    ambition_level = models.CharField(_("ambition level"), max_length=20, choices=AmbitionLevel.choices)
    duration_kind = models.CharField(_("project or structural"), max_length=20, choices=DurationKind.choices)
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    # The phase a lead set by hand; the phase shown is derived from what has happened
    # (``selectors.phase_state``), and this one holds only while it is further than that.
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.EXPLORE)
    phase_reason = models.TextField(_("reason for the phase"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Once archived (after the exit), the collaboration is read-only for everyone.
    archived_at = models.DateTimeField(null=True, blank=True)
    # What an explorer (verkenner) sees beyond the name, the goal and the lead's contact:
    # keys of ``EXPLORER_SHARES``, chosen by the lead on "Wat ziet de verkenner?".
    explorer_shares = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Participant(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        PARTNER = "partner", _("partner")
        # Invited "to explore": sees only what the lead shares, answers its own match check, and
        # becomes a partner once every partner organisation has agreed.
        EXPLORER = "explorer", _("explorer")

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "organisation"], name="one_participation_per_organisation")
        ]
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.organisation} in {self.collaboration}"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD

    @property
    def is_explorer(self) -> bool:
        return self.role == self.Role.EXPLORER


class ExplorerDecision(models.Model):
    """A partner organisation's answer to "admit this explorer as partner?". One per organisation."""

    explorer = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="explorer_decisions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    consent = models.BooleanField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["explorer", "organisation"], name="one_explorer_decision_per_organisation")
        ]

    def __str__(self):
        return f"{self.organisation_id} on {self.explorer_id}: {self.consent}"


class Observer(models.Model):
    """An adviser or network coordinator who reads what is revealed and changes nothing."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="observers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observations")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collaboration", "user"], name="one_observer_record_per_user")]
        ordering = ["user__email"]

    def __str__(self):
        return f"{self.user} observes {self.collaboration}"


def hash_token(token: str) -> str:
    return tokens.hash_token(token)


class Invitation(models.Model):
    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("partner organisation")
        OBSERVER = "observer", _("observer (adviser)")
        EXPLORER = "explorer", _("explorer (invited to explore)")

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(_("invite as"), max_length=20, choices=Kind.choices, default=Kind.PARTICIPANT)
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("personal message"), max_length=1000, blank=True, default="")
    # Only the hash is stored: a database leak must not hand out working invitations.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    invited_by_organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.collaboration}"

    @staticmethod
    def new_token() -> str:
        return tokens.new_token()

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())


class AuditEvent(models.Model):
    """Append-only record of what matters legally. Never updated, never deleted."""

    class Action(models.TextChoices):
        CREATED = "created", _("started the collaboration")
        UPDATED = "updated", _("changed the collaboration details")
        PHASE_CHANGED = "phase_changed", _("moved the collaboration to another phase")
        INVITED = "invited", _("sent an invitation")
        INVITATION_REVOKED = "invitation_revoked", _("withdrew an invitation")
        JOINED = "joined", _("joined")
        OBSERVER_JOINED = "observer_joined", _("joined as observer")
        ROLE_CHANGED = "role_changed", _("changed a role")
        EXPLORER_JOINED = "explorer_joined", _("joined as explorer")
        EXPLORER_SHARES_CHANGED = "explorer_shares_changed", _("changed what the explorer sees")
        EXPLORER_CONSENTED = "explorer_consented", _("agreed to admit the explorer as partner")
        EXPLORER_DECLINED = "explorer_declined", _("declined to admit the explorer; the exploration ended")
        EXPLORER_ADMITTED = "explorer_admitted", _("admitted the explorer as partner")
        REMOVED = "removed", _("removed a participant")
        LEFT = "left", _("left the collaboration")
        OBSERVER_REMOVED = "observer_removed", _("removed an observer")
        ARCHIVED = "archived", _("ended and archived the collaboration")
        ROUND_OPENED = "round_opened", _("opened a round")
        ROUND_SUBMITTED = "round_submitted", _("submitted the answers of an organisation")
        ROUND_REVEALED = "round_revealed", _("completed a round: the answers are visible")
        ROUND_CLOSED_EARLY = "round_closed_early", _("closed a round early")
        ROUND_REMINDER_SENT = "round_reminder_sent", _("sent a reminder to answer")
        ACTION_ITEM_CREATED = "action_item_created", _("added an action item")
        SELF_CHECK_SHARED = "self_check_shared", _("shared the self-check")
        SELF_CHECK_UNSHARED = "self_check_unshared", _("stopped sharing the self-check")
        LEGAL_FORM_CHOSEN = "legal_form_chosen", _("chose a legal form")
        MEETING_PLANNED = "meeting_planned", _("planned a meeting")
        EXIT_STARTED = "exit_started", _("started ending the collaboration")
        RESULTS_DIVIDED = "results_divided", _("recorded the division of the results")
        LETTER_OF_INTENT_FROZEN = "letter_of_intent_frozen", _("froze the letter of intent for approval")
        LETTER_OF_INTENT_VOIDED = "letter_of_intent_voided", _("voided the frozen letter of intent by editing it")
        LETTER_OF_INTENT_APPROVED = "letter_of_intent_approved", _("approved the letter of intent")
        LETTER_OF_INTENT_SIGNED = "letter_of_intent_signed", _("signed the letter of intent")
        LETTER_OF_INTENT_SEALED = "letter_of_intent_sealed", _("sealed the signed letter of intent")
        AGREEMENT_FROZEN = "agreement_frozen", _("froze the agreement for approval")
        AGREEMENT_VOIDED = "agreement_voided", _("voided the frozen agreement by editing it")
        AGREEMENT_APPROVED = "agreement_approved", _("approved the agreement")
        AGREEMENT_SIGNED = "agreement_signed", _("signed the agreement")
        AGREEMENT_SEALED = "agreement_sealed", _("sealed the signed agreement")

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=254)
    actor_organisation_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=40, choices=Action.choices)
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.actor_name} {self.action} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")

    @property
    def action_label(self) -> str:
        """What happened, in the reader's language: the same text as ``get_action_display()``, which
        hashes every one of the many labels on each call (a third of the audit log's rendering)."""
        try:
            return self.Action(self.action).label
        except ValueError:  # an action since retired: its stored name rather than nothing
            return self.action
