from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation

from . import advice


class LegalFormAdvice(models.Model):
    """An intake, the ranking it gave and the form the partners chose, saved in a collaboration.

    Append-only: a new advice is a new row; the latest one is the collaboration's choice.
    The ranking is stored as note codes, so it can be shown in any language later.
    """

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="legal_form_advices")
    intake = models.JSONField(_("intake"))
    ranking = models.JSONField(_("ranking"))
    chosen_form = models.CharField(_("chosen legal form"), max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_name = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("legal-form advice")
        verbose_name_plural = _("legal-form advices")

    def __str__(self):
        return f"{self.chosen_form} for {self.collaboration}"

    def get_intake(self) -> advice.Intake:
        return advice.Intake.from_dict(self.intake)

    def get_ranking(self) -> list[advice.RankedForm]:
        return advice.ranking_from_json(self.ranking)
