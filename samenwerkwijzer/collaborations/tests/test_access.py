import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenwerkwijzer.collaborations.access import (
    collaborations_for_user,
    get_collaboration_for_user,
    get_invitation_for_access,
    get_observer_for_access,
    get_participant_for_access,
)
from testsupport.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_lead_gets_lead_access(personas):
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, lead=True)
    assert access.is_lead
    assert access.organisation == personas.alpha


def test_a_partner_may_write_but_not_act_as_lead(personas):
    access = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    assert access.role == "partner"
    with pytest.raises(PermissionDenied):
        get_collaboration_for_user(personas.bob, personas.collaboration.pk, lead=True)


def test_an_observer_reads_but_may_not_write(personas):
    access = get_collaboration_for_user(personas.olivia, personas.collaboration.pk)
    assert access.is_observer and access.organisation is None
    with pytest.raises(PermissionDenied):
        get_collaboration_for_user(personas.olivia, personas.collaboration.pk, write=True)
    with pytest.raises(PermissionDenied):
        get_collaboration_for_user(personas.olivia, personas.collaboration.pk, lead=True)


@pytest.mark.parametrize("who", ["charlie", "dave"])
def test_outsiders_get_not_found_as_for_a_missing_collaboration(personas, who):
    with pytest.raises(Http404):
        get_collaboration_for_user(getattr(personas, who), personas.collaboration.pk)
    with pytest.raises(Http404):
        get_collaboration_for_user(getattr(personas, who), 999_999)


def test_anonymous_gets_not_found(personas):
    with pytest.raises(Http404):
        get_collaboration_for_user(AnonymousUser(), personas.collaboration.pk)
    assert list(collaborations_for_user(AnonymousUser())) == []


def test_the_collaboration_list_holds_only_what_the_user_may_see(personas):
    assert list(collaborations_for_user(personas.alice)) == [personas.collaboration]
    assert list(collaborations_for_user(personas.olivia)) == [personas.collaboration]
    assert list(collaborations_for_user(personas.oscar)) == [personas.collaboration]
    assert list(collaborations_for_user(personas.charlie)) == []
    assert list(collaborations_for_user(personas.dave)) == [personas.other_collaboration]


def test_a_person_in_two_participating_organisations_acts_for_the_chosen_one(personas):
    MembershipFactory(user=personas.alice, organisation=personas.beta)
    default = get_collaboration_for_user(personas.alice, personas.collaboration.pk)
    chosen = get_collaboration_for_user(
        personas.alice, personas.collaboration.pk, preferred_organisation_id=personas.beta.pk
    )
    assert default.organisation == personas.alpha
    assert chosen.organisation == personas.beta and chosen.role == "partner"


def test_sub_objects_of_another_collaboration_are_not_found(personas):
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk)
    other_participant = personas.other_collaboration.participants.get()
    with pytest.raises(Http404):
        get_participant_for_access(access, other_participant.pk)
    with pytest.raises(Http404):
        get_observer_for_access(access, 999_999)
    with pytest.raises(Http404):
        get_invitation_for_access(access, 999_999)
    assert get_participant_for_access(access, personas.bob_participant.pk) == personas.bob_participant
    assert get_observer_for_access(access, personas.olivia_observer.pk) == personas.olivia_observer


def test_an_archived_collaboration_is_read_only_for_everyone(personas):
    from django.utils import timezone

    personas.collaboration.archived_at = timezone.now()
    personas.collaboration.save(update_fields=["archived_at"])
    assert get_collaboration_for_user(personas.alice, personas.collaboration.pk).role == "lead"
    for user in (personas.alice, personas.bob):
        with pytest.raises(PermissionDenied):
            get_collaboration_for_user(user, personas.collaboration.pk, write=True)
    with pytest.raises(PermissionDenied):
        get_collaboration_for_user(personas.alice, personas.collaboration.pk, lead=True)


def test_lead_collaborations_are_those_led_by_an_organisation_of_the_user(personas):
    from samenwerkwijzer.collaborations.access import lead_collaborations_for_user

    assert list(lead_collaborations_for_user(personas.alice)) == [personas.collaboration]
    assert list(lead_collaborations_for_user(personas.bob)) == []
    assert list(lead_collaborations_for_user(personas.olivia)) == []
    assert list(lead_collaborations_for_user(AnonymousUser())) == []
