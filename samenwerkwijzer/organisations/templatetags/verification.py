"""The verification label: how an organisation is verified, wherever it appears.

``{% verification_label value %}`` renders ``organisations/_verification.html`` for an
``Organisation``, an organisation's primary key, or a verification snapshot as kept with a
signature (``Organisation.verification_dict()``). Templates that have the organisation at hand
may also ``{% include "organisations/_verification.html" with organisation=… %}``.
"""

from django import template
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from samenwerkwijzer.organisations.models import Membership, Organisation

register = template.Library()


def snapshot_organisation(snapshot: dict | None) -> Organisation | None:
    """An unsaved organisation that carries a verification snapshot, so it reads the same as a live one."""
    if not snapshot:
        return None
    verified_at = snapshot.get("verified_at")
    return Organisation(
        verification_status=snapshot.get("status") or Organisation.VerificationStatus.UNVERIFIED,
        verification_method=snapshot.get("method") or "",
        assurance_level=snapshot.get("assurance_level") or "",
        verified_at=parse_datetime(verified_at) if verified_at else None,
    )


def _organisation(value) -> Organisation | None:
    if isinstance(value, Organisation):
        return value
    if isinstance(value, dict):
        return snapshot_organisation(value)
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return Organisation.objects.filter(pk=value).first()
    return None


@register.inclusion_tag("organisations/_verification.html")
def verification_label(value):
    return {"organisation": _organisation(value)}


@register.filter
def verification_text(value) -> str:
    """The one-line verification (for a PDF or plain text); "not recorded" when there is nothing to read."""
    organisation = _organisation(value)
    return organisation.verification_summary if organisation is not None else _("not recorded")


@register.filter
def signatory_basis_label(value) -> str:
    """The label of a ``Membership.SignatoryBasis`` value; "not recorded" for a signature from before."""
    if value not in Membership.SignatoryBasis.values or not value:
        return _("not recorded")
    return str(Membership.SignatoryBasis(value).label)
