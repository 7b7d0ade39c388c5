"""Phases that follow reality: the derivation rule, the facts behind it and the lead's override."""

from dataclasses import fields, replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.agreements.models import Document, DocumentKind, Freeze, SealedDocument, Version
from samenwerkwijzer.collaborations import selectors, services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AuditEvent, Collaboration, Phase
from samenwerkwijzer.collaborations.phases import PhaseFacts, PhaseState, allowed_choice, derived_phase, rank
from samenwerkwijzer.instruments.models import SelfCheckShare
from samenwerkwijzer.legalforms.models import LegalFormAdvice
from testsupport.factories import MembershipFactory, make_collaboration

# --- the pure rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "phase"),
    [
        (PhaseFacts(), Phase.EXPLORE),
        (PhaseFacts(self_check_shared=True), Phase.FIND_PARTNER),
        (PhaseFacts(invitation_sent=True), Phase.FIND_PARTNER),
        (PhaseFacts(participant_count=2), Phase.FIND_PARTNER),
        (PhaseFacts(participant_count=2, letter_of_intent_signed=True), Phase.AGREEMENTS),
        (PhaseFacts(participant_count=2, letter_of_intent_signed=True, agreement_signed=True), Phase.LEGAL_FORM),
        (PhaseFacts(agreement_signed=True, legal_form_chosen=True), Phase.EXECUTE),
        # A legal form chosen before anything is signed does not skip the agreements.
        (PhaseFacts(participant_count=2, legal_form_chosen=True), Phase.FIND_PARTNER),
    ],
)
def test_each_phase_is_reached_by_the_facts_that_should_reach_it(facts, phase):
    assert derived_phase(facts) == phase


phase_facts = st.builds(
    PhaseFacts,
    participant_count=st.integers(min_value=1, max_value=5),
    invitation_sent=st.booleans(),
    self_check_shared=st.booleans(),
    letter_of_intent_signed=st.booleans(),
    agreement_signed=st.booleans(),
    legal_form_chosen=st.booleans(),
)


@st.composite
def grown(draw, facts):
    """The same facts plus some more: counts may rise, what has happened stays happened."""
    changes = {}
    for field in fields(PhaseFacts):
        value = getattr(facts, field.name)
        if isinstance(value, bool):
            changes[field.name] = value or draw(st.booleans())
        else:
            changes[field.name] = value + draw(st.integers(min_value=0, max_value=3))
    return replace(facts, **changes)


@given(st.data(), phase_facts)
def test_the_derived_phase_never_goes_backwards_when_facts_only_grow(data, facts):
    more = data.draw(grown(facts))
    assert rank(derived_phase(more)) >= rank(derived_phase(facts))


def test_a_hand_set_phase_holds_until_the_derived_phase_passes_it():
    state = PhaseState(derived=Phase.FIND_PARTNER, chosen=Phase.AGREEMENTS, reason="Op papier getekend")
    assert state.overridden and state.current == Phase.AGREEMENTS
    caught_up = replace(state, derived=Phase.AGREEMENTS)
    assert not caught_up.overridden and caught_up.current == Phase.AGREEMENTS
    passed = replace(state, derived=Phase.LEGAL_FORM)
    assert not passed.overridden and passed.current == Phase.LEGAL_FORM
    # An old hand-set phase behind the facts (or the default) never holds the collaboration back.
    behind = PhaseState(derived=Phase.AGREEMENTS, chosen=Phase.EXPLORE)
    assert behind.current == Phase.AGREEMENTS


def test_a_lead_may_choose_the_derived_phase_or_a_later_one_only():
    assert allowed_choice(derived=Phase.AGREEMENTS, chosen=Phase.AGREEMENTS)
    assert allowed_choice(derived=Phase.AGREEMENTS, chosen=Phase.EXECUTE)
    assert not allowed_choice(derived=Phase.AGREEMENTS, chosen=Phase.FIND_PARTNER)


# --- the facts, gathered from every domain ------------------------------------------------------


def sign(collaboration, kind):
    document = Document.objects.get_or_create(collaboration=collaboration, kind=kind)[0]
    version = Version.objects.create(document=document, number=1, content_sha256="0" * 64, author_name="Alice")
    freeze = Freeze.objects.create(
        document=document, version=version, pdf=b"%PDF", pdf_sha256="1" * 64, content_sha256="0" * 64, language="nl"
    )
    SealedDocument.objects.create(freeze=freeze, pdf=b"%PDF", sha256="2" * 64, certificate_sha256="3" * 64)


def alone():
    membership = MembershipFactory()
    return make_collaboration(user=membership.user, organisation=membership.organisation, name="Alleen")


@pytest.mark.django_db
def test_the_phase_follows_what_happens_in_every_domain(personas):
    collaboration = personas.collaboration
    lonely = alone()
    assert selectors.phase_state(lonely).current == Phase.EXPLORE
    SelfCheckShare.objects.create(
        organisation=lonely.participants.get().organisation, collaboration=lonely, definition_version=1
    )
    assert selectors.phase_state(lonely).current == Phase.FIND_PARTNER
    assert selectors.phase_state(collaboration).current == Phase.FIND_PARTNER  # two participants
    sign(collaboration, DocumentKind.LETTER_OF_INTENT)
    assert selectors.phase_state(collaboration).current == Phase.AGREEMENTS
    sign(collaboration, DocumentKind.AGREEMENT)
    assert selectors.phase_state(collaboration).current == Phase.LEGAL_FORM
    LegalFormAdvice.objects.create(collaboration=collaboration, intake={}, ranking=[], chosen_form="agreement")
    assert selectors.phase_state(collaboration).current == Phase.EXECUTE


@pytest.mark.django_db
def test_the_facts_take_a_fixed_number_of_queries_however_many_collaborations(personas, django_assert_num_queries):
    with django_assert_num_queries(4):
        selectors.phase_facts([personas.collaboration])
    many = [alone() for _ in range(5)]
    for collaboration in many:
        sign(collaboration, DocumentKind.LETTER_OF_INTENT)
    with django_assert_num_queries(4):
        facts = selectors.phase_facts([personas.collaboration, *many])
    assert all(facts[c.pk].letter_of_intent_signed for c in many)


# --- the lead's override ------------------------------------------------------------------------


def lead_access(p):
    return get_collaboration_for_user(p.alice, p.collaboration.pk, lead=True)


def phase_events(collaboration):
    return AuditEvent.objects.filter(collaboration=collaboration, action=AuditEvent.Action.PHASE_CHANGED)


@pytest.mark.django_db
def test_the_service_refuses_without_a_reason_or_for_a_partner(personas):
    with pytest.raises(ValidationError) as error:
        services.phase_set(access=lead_access(personas), phase=Phase.AGREEMENTS, reason="  ")
    assert "reason" in error.value.error_dict
    partner = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    with pytest.raises(PermissionDenied):
        services.phase_set(access=partner, phase=Phase.AGREEMENTS, reason="Ik wil door")
    personas.collaboration.refresh_from_db()
    assert personas.collaboration.phase == Phase.EXPLORE and not phase_events(personas.collaboration).exists()


@pytest.mark.django_db
def test_the_lead_sets_a_later_phase_with_a_reason_shown_until_reality_passes_it(client, personas):
    client.force_login(personas.alice)
    url = reverse("collaborations:phase", args=[personas.collaboration.pk])
    assert "Partner vinden" in client.get(url).content.decode()
    response = client.post(url, {"phase": "agreements", "reason": "Intentieverklaring op papier getekend"})
    assert response.url == reverse("collaborations:dashboard", args=[personas.collaboration.pk])
    event = phase_events(personas.collaboration).get()
    assert event.details == {"phase": "agreements", "reason": "Intentieverklaring op papier getekend"}
    assert event.actor == personas.alice
    client.force_login(personas.bob)
    dashboard = reverse("collaborations:dashboard", args=[personas.collaboration.pk])
    page = client.get(dashboard).content.decode()
    assert "Huidige fase: <strong>Afspraken maken</strong>" in page
    assert "handmatig gezet door de penvoerder: Intentieverklaring op papier getekend" in page
    assert reverse("collaborations:phase", args=[personas.collaboration.pk]) not in page  # lead only
    sign(personas.collaboration, DocumentKind.LETTER_OF_INTENT)
    sign(personas.collaboration, DocumentKind.AGREEMENT)
    page = client.get(dashboard).content.decode()
    assert "Huidige fase: <strong>Rechtsvorm</strong>" in page
    assert "handmatig gezet" not in page and "Volgt uit wat er is gebeurd." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"phase": "agreements", "reason": ""}, "reason"),
        ({"phase": "agreements", "reason": "   "}, "reason"),
        ({"phase": "explore", "reason": "Terug naar af"}, "phase"),
        ({"phase": "nonsense", "reason": "x"}, "phase"),
    ],
)
def test_a_refused_phase_shows_why_next_to_the_field_and_changes_nothing(client, personas, data, field):
    client.force_login(personas.alice)
    response = client.post(reverse("collaborations:phase", args=[personas.collaboration.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert response.context["form"]["reason"].value() == data["reason"]  # what was typed stays
    personas.collaboration.refresh_from_db()
    assert personas.collaboration.phase == Phase.EXPLORE and personas.collaboration.phase_reason == ""
    assert not phase_events(personas.collaboration).exists()


@pytest.mark.django_db
def test_a_partner_cannot_set_the_phase(client, personas):
    client.force_login(personas.bob)
    url = reverse("collaborations:phase", args=[personas.collaboration.pk])
    assert client.post(url, {"phase": "execute", "reason": "Ik wil door"}).status_code == 403
    assert Collaboration.objects.get(pk=personas.collaboration.pk).phase == Phase.EXPLORE
    assert not phase_events(personas.collaboration).exists()


@pytest.mark.django_db
def test_choosing_the_derived_phase_follows_the_facts_again(client, personas):
    services.phase_set(access=lead_access(personas), phase=Phase.EXECUTE, reason="Per ongeluk")
    personas.collaboration.refresh_from_db()
    assert selectors.phase_state(personas.collaboration).current == Phase.EXECUTE
    client.force_login(personas.alice)
    client.post(
        reverse("collaborations:phase", args=[personas.collaboration.pk]),
        {"phase": "find_partner", "reason": "Toch niet"},
    )
    personas.collaboration.refresh_from_db()
    state = selectors.phase_state(personas.collaboration)
    assert state.current == Phase.FIND_PARTNER and not state.overridden
