from django.conf import settings
from django.db import models
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
    name = models.CharField(_("name"), max_length=200)
    kvk_number = models.CharField(_("KvK number"), max_length=8, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=2)
    sbi_codes = models.JSONField(_("SBI codes"), default=list)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices)
    pc4 = models.CharField(_("postcode (4 digits)"), max_length=4)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("short description"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

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
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    is_authorised_signatory = models.BooleanField(_("authorised signatory"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user")]
        ordering = ["organisation__name", "user__email"]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN
