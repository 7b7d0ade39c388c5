"""Deleting a person's data from the networks (privacy/registry.py).

The person's own traces are removed: invitations to join a network sent to their addresses are
deleted, every link to their account (who started a network, invited, accepted, brought in an
assignment, answered for the team, approved an agreement, submitted or revealed an evaluation) is
emptied, and their name in an agreement's approval becomes "former user".

What their organisation did stays, as in the collaborations: the network membership, its profile,
availability, assignments, team answers, approvals and evaluations are the organisation's (the
member is the organisation, not the person), other members rely on them (the team, the agreement,
the track record), and the organisation stays a member until it leaves the network. Its profile is
cleared some time after it leaves (retention.py).
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from samenwerkwijzer.privacy.pseudonym import addresses, former_user
from samenwerkwijzer.privacy.registry import Kept, register_erasure

from .models import AgreementApproval, NetworkInvitation, NetworkMember


def _user_links() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) of this app that links to a person's account."""
    user_model = get_user_model()
    return [
        (model, field.name)
        for model in apps.get_app_config("networks").get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is user_model
    ]


def _memberships(user):
    organisations = user.memberships.values_list("organisation", flat=True)
    return NetworkMember.objects.filter(organisation__in=organisations).select_related("network", "organisation")


def describe(user) -> list[Kept]:
    return [
        Kept(
            what=_(
                "The membership of %(organisation)s in the network “%(network)s”, with its profile, assignments, "
                "team answers, agreements and evaluations"
            )
            % {"organisation": member.organisation.name, "network": member.network.name},
            why=_(
                "They are the organisation's, not yours: the organisation stays a member until it leaves the "
                "network, and the other members rely on them. Your name and the links to your account are removed."
            ),
        )
        for member in _memberships(user).order_by("network__name", "pk")
    ]


def erase(user) -> list[Kept]:
    kept = describe(user)
    to_them = Q(pk__in=[])
    for address in addresses(user):
        to_them |= Q(email__iexact=address)
    NetworkInvitation.objects.filter(to_them).delete()
    AgreementApproval.objects.filter(user=user).update(user_name=former_user())
    for model, field in _user_links():
        model.objects.filter(**{field: user}).update(**{field: None})
    return kept


register_erasure("networks", erase, describe)
