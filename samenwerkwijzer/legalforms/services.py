"""Writes of the legal-form app. Every write goes through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.collaborations.services import audit_record

from . import advice
from .knowledge import get_knowledge
from .models import LegalFormAdvice


@transaction.atomic
def legal_form_advice_save(*, access: CollaborationAccess, intake: advice.Intake, chosen_form: str) -> LegalFormAdvice:
    """Save an intake, the ranking it gives (computed here, never taken from the client) and the chosen form.

    The chosen form must be one the intake does not rule out.
    """
    if not access.can_write:
        raise PermissionDenied
    ranking = advice.rank(intake, get_knowledge().profiles)
    by_form = {item.form: item for item in ranking}
    if chosen_form not in by_form:
        raise ValidationError({"chosen_form": _("Choose one of the legal forms.")})
    if by_form[chosen_form].blocked:
        raise ValidationError(
            {
                "chosen_form": _(
                    "This form does not meet the requirements in your answers. "
                    "Change your answers or choose another form."
                )
            }
        )
    audit_record(
        collaboration=access.collaboration,
        actor=access.user,
        organisation=access.organisation,
        action=AuditEvent.Action.LEGAL_FORM_CHOSEN,
        chosen_form=chosen_form,
        # The audit log shows the form's name, never its key (overeenkomst_van_opdracht).
        title=get_knowledge().forms[chosen_form].name.get(get_language() or "nl"),
    )
    return LegalFormAdvice.objects.create(
        collaboration=access.collaboration,
        intake=intake.to_dict(),
        ranking=advice.ranking_to_json(ranking),
        chosen_form=chosen_form,
        created_by=access.user,
        created_by_name=access.user.display_name,
        organisation=access.organisation,
        organisation_name=access.organisation.name if access.organisation else "",
    )
