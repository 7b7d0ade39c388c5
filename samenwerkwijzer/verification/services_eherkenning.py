"""What a completed eHerkenning login changes: the organisation's verification, the evidence, and
the member's signing authority. The OpenID Connect part is in ``eherkenning.py``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.organisations.services import organisation_verify

from .eherkenning import level_reaches
from .models import EherkenningLogin


@transaction.atomic
def eherkenning_login_record(
    *,
    membership: Membership,
    kvk_number: str,
    assurance_level: str,
    level_value: str,
    issuer: str,
    subject: str,
    min_level: str,
) -> EherkenningLogin:
    """Record an eHerkenning login of ``membership.user`` for ``membership.organisation``.

    The login must be for the organisation's own KvK number and reach ``min_level``. An unverified
    organisation becomes verified (refused when another verified organisation holds the number).
    The person becomes an authorised signatory on the basis of eHerkenning: the company authorised
    them for this service, which is not statutory representation; a basis from the reviewed extract
    (a bestuurder or gevolmachtigde there) is kept.
    """
    organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    if not kvk_number:
        raise ValidationError(
            {"kvk_number": _("The eHerkenning login did not say for which company it was made. Nothing has changed.")}
        )
    if kvk_number != organisation.kvk_number:
        raise ValidationError(
            {
                "kvk_number": _(
                    "You logged in with eHerkenning for KvK number %(login)s, but %(name)s has KvK number "
                    "%(own)s. Nothing has changed. Log in for the right company, or ask its administrator."
                )
                % {"login": kvk_number, "name": organisation.name, "own": organisation.kvk_number or "-"}
            }
        )
    if not assurance_level:
        raise ValidationError(
            {
                "assurance_level": _(
                    "The eHerkenning service sent an assurance level that is not known here (%(value)s). "
                    "Nothing has changed."
                )
                % {"value": level_value or "-"}
            }
        )
    if not level_reaches(assurance_level, min_level):
        raise ValidationError(
            {
                "assurance_level": _(
                    "This login has assurance level %(level)s; at least %(minimum)s is needed. Nothing has "
                    "changed. Log in again with an eHerkenning means of level %(minimum)s or higher."
                )
                % {"level": assurance_level, "minimum": min_level}
            }
        )
    if not organisation.is_verified:
        organisation_verify(
            organisation=organisation,
            method=Organisation.VerificationMethod.EHERKENNING,
            assurance_level=assurance_level,
            actor=membership.user,
        )
    login = EherkenningLogin.objects.create(
        organisation=organisation,
        user=membership.user,
        kvk_number=kvk_number,
        assurance_level=assurance_level,
        issuer=issuer,
        subject=subject,
    )
    member = Membership.objects.select_for_update().get(pk=membership.pk)
    if member.signatory_basis != Membership.SignatoryBasis.EXTRACT:
        member.signatory_basis = Membership.SignatoryBasis.EHERKENNING
    member.is_authorised_signatory = True
    member.save(update_fields=["is_authorised_signatory", "signatory_basis"])
    return login
