"""Running the collaboration (guide ch. 6-7): work plan goals, meetings and their agendas, pitfall reviews."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration


class WorkGoal(models.Model):
    """A goal in the yearly work plan; linked by title to a goal of the agreement once there is one."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="work_goals")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("goal"), max_length=300)
    agreement_goal = models.CharField(_("goal in the agreement"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "id"]

    def __str__(self):
        return f"{self.year}: {self.title}"


class Meeting(models.Model):
    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("link for joining online"), blank=True)
    # Raised on every save; an edit made from an older version is refused (no silent overwrite).
    version = models.PositiveIntegerField(default=1)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)

    def is_past(self, now=None) -> bool:
        return self.starts_at < (now or timezone.now())


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        DIVERGENCE = "divergence", _("difference from the Samenwerkingschecker")
        ACTION = "action", _("open or overdue action item")
        FREE = "free", _("other subject")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FREE)
    title = models.CharField(_("subject"), max_length=300)
    proposal = models.ForeignKey(
        "instruments.AgendaProposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    action_item = models.ForeignKey(
        "instruments.ActionItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=8000)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class FlagReview(models.Model):
    """A pitfall flag the partners discussed, for the evidence it had then (new evidence shows it again)."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="flag_reviews")
    key = models.CharField(max_length=40)
    evidence_hash = models.CharField(max_length=64)
    note = models.TextField(_("what was agreed"), blank=True, max_length=2000)
    discussed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    discussed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "key", "evidence_hash"], name="one_review_per_evidence")
        ]

    def __str__(self):
        return f"{self.key} ({self.collaboration_id})"


class ExitProcess(models.Model):
    """Ending the collaboration along its exit scenario; archiving follows when everything is done."""

    collaboration = models.OneToOneField(Collaboration, on_delete=models.CASCADE, related_name="exit_process")
    reason = models.TextField(_("why the collaboration ends"), max_length=2000)
    # [{"text": ..., "done_by": name or "", "done_at": iso or ""}], drawn from the agreement's exit scenario.
    checklist = models.JSONField(default=list)
    final_round = models.ForeignKey(
        "instruments.Round", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    results_division = models.TextField(_("how the results so far are divided"), blank=True, max_length=4000)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"exit of {self.collaboration_id}"

    @property
    def checklist_done(self) -> bool:
        return all(item.get("done_at") for item in self.checklist)


class FlagNotice(models.Model):
    """A pitfall flag (with its evidence) the members were already told about by e-mail."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    evidence_hash = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "key", "evidence_hash"], name="one_notice_per_evidence")
        ]

    def __str__(self):
        return f"{self.key} ({self.collaboration_id})"
