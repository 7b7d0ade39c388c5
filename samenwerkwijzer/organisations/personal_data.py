"""What this app holds about a person, for "Mijn gegevens downloaden" (privacy/registry.py)."""

from samenwerkwijzer.privacy.registry import register_export
from samenwerkwijzer.privacy.serialise import about

from .models import MembershipInvitation


def export(user) -> dict:
    memberships = user.memberships.select_related("organisation")
    return {
        "lidmaatschappen": [
            {
                "organisatie": membership.organisation.name,
                "kvk_nummer": membership.organisation.kvk_number,
                "rol": membership.get_role_display(),
                "tekenbevoegd": membership.get_signatory_basis_display() if membership.signatory_basis else "",
            }
            for membership in memberships
        ],
        # Invitations the person sent or accepted; the invitee's address is someone else's.
        "uitnodigingen": about(MembershipInvitation, user, exclude=("email", "token")),
    }


register_export("organisations", export)
