"""Letter of intent and collaboration agreement: versions, freezes, approvals and signatures.

A ``Document`` holds the versions of one text of a collaboration. Every save is a new
``Version`` (never updated). The lead *freezes* a version: the PDF rendered at that
moment is stored byte for byte in a ``Freeze``; every participating organisation
approves that freeze, then each organisation's authorised signatory signs it. When all
have signed, a ``SealedDocument`` holds the same PDF with a signature page and a PAdES
seal appended as an incremental update (so its first bytes are the frozen PDF).
``SigningEvent`` is the append-only trail of all of this.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation


class DocumentKind(models.TextChoices):
    LETTER_OF_INTENT = "letter_of_intent", _("letter of intent")
    AGREEMENT = "agreement", _("collaboration agreement")

    @classmethod
    def from_slug(cls, slug: str) -> "DocumentKind | None":
        return {"letter-of-intent": cls.LETTER_OF_INTENT, "agreement": cls.AGREEMENT}.get(slug)

    @property
    def slug(self) -> str:
        return self.value.replace("_", "-")


class Document(models.Model):
    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="agreement_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    current_version = models.ForeignKey("Version", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collaboration", "kind"], name="one_document_per_kind")]
        ordering = ["collaboration", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.collaboration}"

    @property
    def slug(self) -> str:
        return DocumentKind(self.kind).slug


class Version(models.Model):
    """One saved state of the whole document. Never updated."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    # SHA-256 of the canonical JSON of ``data``: what the PDF footer prints.
    content_sha256 = models.CharField(max_length=64)
    # The version the author started from (optimistic locking).
    base_number = models.PositiveIntegerField(default=0)
    section = models.CharField(max_length=40, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=254)
    author_organisation_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_version_per_number")]
        ordering = ["document", "-number"]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Versions are never changed; save a new one.")
        super().save(*args, **kwargs)


class Freeze(models.Model):
    """A version put up for approval and signing, with the exact PDF rendered at that moment."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="freezes")
    # RESTRICT, not PROTECT: deleting the whole collaboration may remove both.
    version = models.ForeignKey(Version, on_delete=models.RESTRICT, related_name="freezes")
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64, db_index=True)
    content_sha256 = models.CharField(max_length=64)
    language = models.CharField(max_length=10)
    # The organisations that must approve and sign (the participants at freeze time).
    organisation_ids = models.JSONField(default=list)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    frozen_by_name = models.CharField(max_length=254)
    frozen_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["document", "-frozen_at", "-id"]

    def __str__(self):
        return f"{self.document} v{self.version.number} frozen"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class Approval(models.Model):
    freeze = models.ForeignKey(Freeze, on_delete=models.CASCADE, related_name="approvals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    organisation_name = models.CharField(max_length=200)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    user_name = models.CharField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["freeze", "organisation"], name="one_approval_per_organisation")]
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.organisation_name} approved {self.freeze}"


class Signature(models.Model):
    """An organisation's signature of a freeze, placed by one of its authorised signatories."""

    class Method(models.TextChoices):
        PASSWORD = "password", _("password")
        TOTP = "totp", _("authenticator app")
        SEED = "seed", _("demo data")
        WEBAUTHN = "webauthn", _("passkey")
        RECOVERY_CODE = "recovery_codes", _("recovery code")

    freeze = models.ForeignKey(Freeze, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    organisation_name = models.CharField(max_length=200)
    organisation_kvk_number = models.CharField(max_length=8)
    # The organisation's verification when it signed (Organisation.verification_dict()), as partners relied on it.
    organisation_verification = models.JSONField(default=dict)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Why the signer could sign (Membership.SignatoryBasis value), printed with the signature in the sealed PDF.
    signatory_basis = models.CharField(max_length=12, blank=True, default="")
    signer_name = models.CharField(max_length=254)
    signer_email = models.EmailField()
    method = models.CharField(max_length=20, choices=Method.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    document_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["freeze", "organisation"], name="one_signature_per_organisation")
        ]
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.signer_name} signed {self.freeze} for {self.organisation_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Signatures are never changed.")
        super().save(*args, **kwargs)


class SealedDocument(models.Model):
    """The frozen PDF plus a signature page, sealed with the installation's certificate."""

    freeze = models.OneToOneField(Freeze, on_delete=models.CASCADE, related_name="sealed")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64, db_index=True)
    certificate_sha256 = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)
    # Facts about the seal, read from the sealed file when it was made (sealing.SealFacts).
    certificate_subject = models.CharField(max_length=500, blank=True)
    pades_level = models.CharField(max_length=10, blank=True)  # "B-B", "B-T", "B-LT" or "B-LTA"
    timestamped_at = models.DateTimeField(null=True, blank=True)  # the signature timestamp's time
    tsa_subject = models.CharField(max_length=500, blank=True)
    # When the certificate of the newest document (archive) timestamp expires: the renewal job
    # adds a new archive timestamp before then (agreements/archive.py).
    archive_timestamp_expires_at = models.DateTimeField(null=True, blank=True)
    archive_timestamp_renewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.freeze} sealed"


class SealedDigest(models.Model):
    """An earlier SHA-256 of a sealed document: renewing the archive timestamp appends to the file,
    and a copy downloaded before that must still be recognised (agreements/verification.py)."""

    sealed = models.ForeignKey(SealedDocument, on_delete=models.CASCADE, related_name="digests")
    sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.sha256


class SigningEvent(models.Model):
    """Append-only trail of freezing, approving, signing, voiding and sealing. Never updated."""

    class Kind(models.TextChoices):
        FROZEN = "frozen", _("put the version up for approval")
        APPROVED = "approved", _("approved the version")
        SIGNED = "signed", _("signed")
        VOIDED = "voided", _("approvals and signatures voided by a change")
        SEALED = "sealed", _("sealed the signed document")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    freeze = models.ForeignKey(Freeze, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=254, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    document_sha256 = models.CharField(max_length=64)
    details = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.freeze}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Signing events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Signing events are append-only.")
