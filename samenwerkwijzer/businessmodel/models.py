"""The collaboration's business model: the joint Business Model Canvas and the joint business plan.

The canvas belongs to the collaboration, not to one partner (guide ch. 2, basic question 10, ch. 4.1).
Every note says which organisation added it; every change is kept (``CanvasChange``) and each
note carries a ``version`` so that nobody silently overwrites another's edit (an edit names the
version it started from; a different current version is a conflict shown side by side).

The business plan (guide ch. 4.1 and ch. 6) is a document with numbered versions assembled from
what the collaboration already decided, plus a small multi-year budget; each participating
organisation approves a version, as with the agreement.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation


class Block(models.TextChoices):
    """The nine blocks, in the order the canvas is read (and printed) left to right."""

    KEY_PARTNERS = "key_partners", _("Key partners")
    KEY_ACTIVITIES = "key_activities", _("Key activities")
    KEY_RESOURCES = "key_resources", _("Key resources")
    VALUE_PROPOSITIONS = "value_propositions", _("Value propositions")
    CUSTOMER_RELATIONSHIPS = "customer_relationships", _("Customer relationships")
    CHANNELS = "channels", _("Channels")
    CUSTOMER_SEGMENTS = "customer_segments", _("Customer segments")
    COST_STRUCTURE = "cost_structure", _("Cost structure")
    REVENUE_STREAMS = "revenue_streams", _("Revenue streams")


class Canvas(models.Model):
    collaboration = models.OneToOneField(Collaboration, on_delete=models.CASCADE, related_name="canvas")
    # Raised by every change; a reorder names the revision it started from (conflict-safe).
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Canvas · {self.collaboration}"


class CanvasNote(models.Model):
    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="notes")
    block = models.CharField(_("block"), max_length=30, choices=Block.choices)
    text = models.CharField(_("note"), max_length=500)
    position = models.PositiveIntegerField(default=0)
    # Raised by every edit of this note; an edit form carries the version it was opened with.
    version = models.PositiveIntegerField(default=1)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation_name = models.CharField(max_length=200)
    # Where the note came from when not typed: "prefill:<source>" or "merge:<round number>".
    source = models.CharField(max_length=60, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["canvas", "block", "position", "pk"]

    def __str__(self):
        return self.text


class CanvasChange(models.Model):
    """Who changed what on the canvas: the canvas's version history."""

    class Action(models.TextChoices):
        ADD = "add", _("added")
        EDIT = "edit", _("changed")
        MOVE = "move", _("moved")
        DELETE = "delete", _("removed")
        PREFILL = "prefill", _("filled in from earlier answers")
        MERGE = "merge", _("taken over from a blind round")

    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="changes")
    revision = models.PositiveIntegerField()  # the canvas revision this change produced
    action = models.CharField(max_length=10, choices=Action.choices)
    block = models.CharField(max_length=30, choices=Block.choices)
    note_id = models.PositiveIntegerField(null=True, blank=True)  # kept after the note is removed
    before = models.CharField(max_length=500, blank=True, default="")
    after = models.CharField(max_length=500, blank=True, default="")
    details = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    user_name = models.CharField(max_length=254)
    organisation_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.block}"


class BusinessPlan(models.Model):
    collaboration = models.OneToOneField(Collaboration, on_delete=models.CASCADE, related_name="business_plan")
    current_version = models.ForeignKey(
        "PlanVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The plan's own short texts (summary, market and customers, organisation) as edited now; a new
    # version freezes them with the assembled content and the budget.
    texts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Business plan · {self.collaboration}"


class PlanVersion(models.Model):
    """One numbered version of the plan: the assembled content frozen as it was, with the budget."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    base_number = models.PositiveIntegerField(default=0)  # the version an edit started from
    note = models.CharField(_("what changed"), max_length=300, blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=254)
    author_organisation_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class PlanApproval(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="approvals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    organisation_name = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    user_name = models.CharField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="one_plan_approval_per_organisation")
        ]

    def __str__(self):
        return f"{self.organisation_name} · {self.version}"


class BudgetLine(models.Model):
    """Costs and revenues of one participating organisation in one year of the plan's budget."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="budget_lines")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    costs = models.DecimalField(_("costs"), max_digits=12, decimal_places=2, default=0)
    revenues = models.DecimalField(_("revenues"), max_digits=12, decimal_places=2, default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation", "year"], name="one_budget_line_per_year")
        ]

    def __str__(self):
        return f"{self.year} · {self.organisation}"
