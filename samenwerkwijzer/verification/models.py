"""How an organisation proved who it is: an eHerkenning login, or a reviewed Handelsregister extract."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.organisations.models import Organisation


class EherkenningLogin(models.Model):
    """One completed eHerkenning login for an organisation, kept as evidence of its verification."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="eherkenning_logins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kvk_number = models.CharField(_("KvK number"), max_length=8)
    assurance_level = models.CharField(_("assurance level"), max_length=4)
    issuer = models.CharField(_("issuer"), max_length=300)
    # The broker's pseudonymous subject of the person who logged in (the "sub" claim).
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.organisation} {self.assurance_level} {self.created_at:%Y-%m-%d}"


def extract_path(instance, filename):
    return f"verification/extracts/{instance.organisation_id}/{instance.sha256[:16]}.pdf"


class ExtractSubmission(models.Model):
    """A Handelsregister extract uploaded by an organisation, reviewed by staff beside the registry data."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        # A newer upload took its place before a reviewer decided.
        WITHDRAWN = "withdrawn", _("replaced by a newer upload")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="extract_submissions")
    extract = models.FileField(_("Handelsregister extract (PDF)"), upload_to=extract_path)
    extract_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    extract_date = models.DateField(_("date of the extract"))
    # Who may sign according to the uploader (names as on the extract); the reviewer confirms from the extract itself.
    signatories = models.CharField(_("authorised signatory or signatories"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The members the reviewer found on the extract as bestuurder or gevolmachtigde.
    signatory_members = models.ManyToManyField(
        "organisations.Membership", blank=True, related_name="+", verbose_name=_("authorised signatories confirmed")
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.organisation} {self.extract_date}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
