from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.reference import catalog


class SizeClass(models.TextChoices):
    """KvK classes of working persons (werkzame personen)."""

    ONE = "1", "1"
    TWO_TO_FOUR = "2-4", "2-4"
    FIVE_TO_NINE = "5-9", "5-9"
    TEN_TO_19 = "10-19", "10-19"
    TWENTY_TO_49 = "20-49", "20-49"
    FIFTY_TO_99 = "50-99", "50-99"
    HUNDRED_TO_199 = "100-199", "100-199"
    TWO_HUNDRED_TO_499 = "200-499", "200-499"
    FIVE_HUNDRED_PLUS = "500+", "500+"


class Organisation(models.Model):
    """A company on the platform. It starts unverified; a KvK number belongs to at most one
    verified organisation, and an unverified claim of a number never blocks the real company."""

    class VerificationStatus(models.TextChoices):
        UNVERIFIED = "unverified", _("not verified")
        VERIFIED = "verified", _("verified")

    class VerificationMethod(models.TextChoices):
        NONE = "", _("none")
        EHERKENNING = "eherkenning", _("eHerkenning")
        EXTRACT = "extract", _("reviewed Handelsregister extract")

    name = models.CharField(_("name"), max_length=200)
    # Blank when a verified organisation took the number away from this unverified claim.
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, db_index=True)
    legal_form = models.CharField(_("legal form"), max_length=2)
    sbi_codes = models.JSONField(_("SBI codes"), default=list)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices)
    pc4 = models.CharField(_("postcode (4 digits)"), max_length=4)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("short description"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    verification_status = models.CharField(
        _("verification"), max_length=12, choices=VerificationStatus.choices, default=VerificationStatus.UNVERIFIED
    )
    verification_method = models.CharField(
        _("verified through"), max_length=12, choices=VerificationMethod.choices, blank=True, default=""
    )
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    # eHerkenning assurance level of the verifying login: "EH2+", "EH3" or "EH4"; blank otherwise.
    assurance_level = models.CharField(_("assurance level"), max_length=4, blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=models.Q(verification_status="verified"),
                name="one_verified_organisation_per_kvk_number",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification_status == self.VerificationStatus.VERIFIED

    @property
    def verification_summary(self) -> str:
        """One line for people: "geverifieerd via eHerkenning (EH3) op 6 dec. 2026" or "niet geverifieerd"."""
        from samenwerkwijzer.lib.formatting import format_date

        if not self.is_verified:
            return str(_("not verified"))
        method = self.get_verification_method_display()
        if self.assurance_level:
            method = f"{method} ({self.assurance_level})"
        when = format_date(self.verified_at)
        return str(_("verified through %(method)s on %(date)s") % {"method": method, "date": when})

    def verification_dict(self) -> dict:
        """The verification as the JSON API and exports show it."""
        return {
            "status": self.verification_status,
            "method": self.verification_method or None,
            "assurance_level": self.assurance_level or None,
            "verified_at": self.verified_at.isoformat() if self.verified_at else None,
        }

    @property
    def legal_form_name(self) -> str:
        form = catalog.legal_forms().get(self.legal_form)
        return form.description if form else self.legal_form

    @property
    def place(self) -> str:
        area = catalog.pc4_areas().get(self.pc4)
        return area.place_name if area else ""


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("administrator")
        MEMBER = "member", _("member")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")

    class SignatoryBasis(models.TextChoices):
        NONE = "", _("not an authorised signatory")
        EXTRACT = "extract", _("from the reviewed Handelsregister extract")
        EHERKENNING = "eherkenning", _("authorised through eHerkenning for Samenwerkwijzer")
        SELF = "self", _("according to the organisation itself")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    is_authorised_signatory = models.BooleanField(_("authorised signatory"), default=False)
    # Why this person may sign: what a partner relies on, shown on the signing page and in the sealed PDF.
    signatory_basis = models.CharField(
        _("basis of the signing authority"), max_length=12, choices=SignatoryBasis.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user")]
        ordering = ["organisation__name", "user__email"]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class MembershipInvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            declined_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )


class MembershipInvitation(models.Model):
    """An administrator's invitation to join the organisation, with the role and signing authority
    that take effect only when the invited person accepts. Like a collaboration invitation: the link
    carries a random token of which only the SHA-256 is stored; it works once, expires, can be
    withdrawn, and only for the account with the invited e-mail address."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membership_invitations")
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("personal message"), max_length=1000, blank=True, default="")
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    is_authorised_signatory = models.BooleanField(_("authorised signatory"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("membership invitation")
        verbose_name_plural = _("membership invitations")

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    def is_open(self, now=None) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.declined_at is None
            and not self.is_expired(now)
        )

    def is_expired(self, now=None) -> bool:
        return self.expires_at <= (now or timezone.now())
