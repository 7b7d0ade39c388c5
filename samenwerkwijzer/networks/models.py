"""Networks (gelegenheidscoalitie, guide ch. 7, practice case Unit-2) and the team per assignment.

A network is a standing group of organisations (often one-person businesses) with a coordinator.
Members join by invitation, keep a profile (expertises from the network's own list, SBI codes, a
day rate or rate band, home postcode area, availability). Any member brings in an assignment
(opdracht) with the expertises it needs; the app proposes the best team (``solver.py``), the
bringer invites the proposed members, each says yes or no, and a team that is complete agrees a
light assignment agreement. Afterwards every team member evaluates, blind then revealed.

Nothing here is a collaboration: a network has its own access helper (``access.py``). A team can be
turned into a full collaboration when the work becomes structural (``Assignment.collaboration``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what the network is about"), max_length=2000, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Expertise(models.Model):
    """One entry of the network's own controlled list of expertises."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="expertises")
    name = models.CharField(_("expertise"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["network", "name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="one_expertise_name_per_network")]

    def __str__(self):
        return self.name


class RateBand(models.TextChoices):
    LOW = "low", _("up to € 600 a day")
    MIDDLE = "middle", _("€ 600 to € 900 a day")
    HIGH = "high", _("more than € 900 a day")


class NetworkMember(models.Model):
    """An organisation in a network, with its profile. A member who leaves keeps its row (``left_at``):
    its past assignments and evaluations stay with the network's history."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        MEMBER = "member", _("member")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="network_memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    expertises = models.ManyToManyField(Expertise, blank=True, related_name="members")
    sbi_codes = models.JSONField(_("SBI codes"), default=list, blank=True)
    day_rate = models.DecimalField(_("day rate"), max_digits=8, decimal_places=2, null=True, blank=True)
    rate_band = models.CharField(_("rate band"), max_length=10, choices=RateBand.choices, blank=True, default="")
    home_pc4 = models.CharField(_("postcode area"), max_length=4, blank=True, default="")
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["network", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["network", "organisation"], name="one_membership_per_network")]

    def __str__(self):
        return f"{self.organisation} · {self.network}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR


class Availability(models.Model):
    """A period in which the member is available, or busy. Without any period a member counts as
    available on every working day (Monday to Friday)."""

    class Kind(models.TextChoices):
        AVAILABLE = "available", _("available")
        BUSY = "busy", _("busy")

    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="availability")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    # For an available period: how many days a week (1-5); busy periods block every day.
    days_per_week = models.PositiveSmallIntegerField(_("days a week"), default=5)
    note = models.CharField(_("note"), max_length=200, blank=True, default="")

    class Meta:
        ordering = ["member", "starts_on"]
        verbose_name_plural = "availability"

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on} - {self.ends_on}"


class NetworkInvitation(models.Model):
    """An invitation by e-mail to join a network; the person accepting chooses the organisation."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("personal message"), max_length=1000, blank=True, default="")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(NetworkMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} · {self.network}"


class Objective(models.TextChoices):
    """What the bringer wants optimal first; among equal teams the fairest one wins."""

    FEWEST_PEOPLE = "fewest_people", _("as few people as possible")
    LOWEST_COST = "lowest_cost", _("the lowest cost")
    NEAREST = "nearest", _("as close by as possible")


class Assignment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("being described")
        FORMING = "forming", _("team being formed")
        TEAM_COMPLETE = "team_complete", _("team complete")
        AGREED = "agreed", _("agreed by the team")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="assignments")
    brought_in_by = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="assignments_brought")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    client = models.CharField(_("client"), max_length=200)
    description = models.TextField(_("what the client asks"), max_length=4000, blank=True, default="")
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    location_pc4 = models.CharField(_("postcode area of the work"), max_length=4, blank=True, default="")
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, null=True, blank=True)
    # Wishes
    max_km = models.PositiveIntegerField(_("maximum distance in km"), null=True, blank=True)
    max_people = models.PositiveSmallIntegerField(_("at most this many people"), null=True, blank=True)
    include_bringer = models.BooleanField(_("I take part myself"), default=False)
    objective = models.CharField(
        _("what matters most"), max_length=20, choices=Objective.choices, default=Objective.FEWEST_PEOPLE
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The last proposal the solver made, as shown (JSON: members, roles, reasons, replacements,
    # optimal/fallback); kept so the page shows what the invitations were based on.
    proposal = models.JSONField(default=dict, blank=True)
    proposal_number = models.PositiveIntegerField(default=0)
    evaluation_revealed_at = models.DateTimeField(null=True, blank=True)
    # Who revealed the evaluation before every team member had submitted (empty: revealed because all had).
    evaluation_revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_assignments"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return self.title


class AssignmentNeed(models.Model):
    """A required expertise with the person-days it needs in the assignment's period."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="needs")
    expertise = models.ForeignKey(Expertise, on_delete=models.PROTECT, related_name="+")
    days = models.PositiveIntegerField(_("person-days"))

    class Meta:
        ordering = ["assignment", "expertise__name"]
        constraints = [models.UniqueConstraint(fields=["assignment", "expertise"], name="one_need_per_expertise")]

    def __str__(self):
        return f"{self.expertise} · {self.days}"


class Offer(models.Model):
    """A member's own statement of how many days they have for this assignment's period (overrides
    what their availability says)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="offers")
    member = models.ForeignKey(NetworkMember, on_delete=models.CASCADE, related_name="offers")
    days = models.PositiveIntegerField(_("days available"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "member"], name="one_offer_per_member")]

    def __str__(self):
        return f"{self.member} · {self.days}"


class TeamInvitation(models.Model):
    """A proposed member invited to the team, with the roles (expertise and days) they would fill."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("said yes")
        DECLINED = "declined", _("said no")
        WITHDRAWN = "withdrawn", _("withdrawn")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="team")
    member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="team_invitations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposal_number = models.PositiveIntegerField(default=1)
    reason = models.CharField(max_length=500, blank=True, default="")  # why the app proposed them
    response_note = models.CharField(_("reason"), max_length=500, blank=True, default="")
    invited_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assignment", "member__organisation__name"]

    def __str__(self):
        return f"{self.member} · {self.assignment}"


class TeamRole(models.Model):
    invitation = models.ForeignKey(TeamInvitation, on_delete=models.CASCADE, related_name="roles")
    need = models.ForeignKey(AssignmentNeed, on_delete=models.CASCADE, related_name="roles")
    days = models.PositiveIntegerField()

    class Meta:
        ordering = ["invitation", "need__expertise__name"]

    def __str__(self):
        return f"{self.need} · {self.days}"


class AssignmentAgreement(models.Model):
    """The light agreement of a complete team: who does what, rates, penvoerder and contact for the
    client, how income is divided. Any change raises ``version`` and asks every member again."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="agreement")
    lead_member = models.ForeignKey(
        NetworkMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # penvoerder
    client_contact = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    income_split = models.TextField(_("how income is divided"), max_length=2000, blank=True, default="")
    other_terms = models.TextField(_("other arrangements"), max_length=4000, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)  # the terms as approved: roles, rates, days
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Agreement · {self.assignment}"


class AgreementApproval(models.Model):
    agreement = models.ForeignKey(AssignmentAgreement, on_delete=models.CASCADE, related_name="approvals")
    member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    user_name = models.CharField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "member", "version"], name="one_approval_per_member_version")
        ]

    def __str__(self):
        return f"{self.member} · v{self.version}"


class Evaluation(models.Model):
    """A team member's evaluation after the assignment: statements 1-5 and a grade 1-10. Blind: the
    others see it only once every team member has submitted (or the bringer reveals)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="evaluations")
    member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="evaluations")
    answers = models.JSONField(default=dict)
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    remarks = models.TextField(max_length=2000, blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "member"], name="one_evaluation_per_member")]

    def __str__(self):
        return f"{self.member} · {self.assignment}"
