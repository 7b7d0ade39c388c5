"""Issue #15, "Exploring is not joining": an organisation invited to explore is a verkenner.

It sees only what the lead shares, answers its own match check with the partners, never counts in
the collaboration's other rounds, and becomes a partner only when every partner organisation agrees.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.agreements.sections import participants_of
from samenwerkwijzer.collaborations import services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AuditEvent, ExplorerDecision, Invitation, Participant
from samenwerkwijzer.collaborations.selectors import collaboration_members, phase_facts
from samenwerkwijzer.collaborations.todos import todos_for_access
from samenwerkwijzer.directory import services as directory_services
from samenwerkwijzer.directory.tests.factories import make_entry
from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import services as instrument_services
from samenwerkwijzer.instruments.models import AnswerSet, Round
from samenwerkwijzer.instruments.selectors import instruments_overview
from samenwerkwijzer.instruments.tests.factories import match_answers, open_round

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _access(user, personas, **kwargs):
    return get_collaboration_for_user(user, personas.collaboration.pk, **kwargs)


def submit(user, collaboration, round_, answers) -> bool:
    """Submit as that user's organisation (``explorer=True``: the explorer may, in its own round)."""
    access = get_collaboration_for_user(user, collaboration.pk, explorer=True)
    return instrument_services.round_submit(access=access, round=round_, answers=answers)


def _explorer_round(personas) -> Round:
    return Round.objects.get(collaboration=personas.collaboration, explorer=personas.epsilon)


# --- Joining as explorer ------------------------------------------------------------------


def test_inviting_from_the_partner_search_creates_an_explorer_invitation(personas, django_capture_on_commit_callbacks):
    entry = make_entry(name="Zeta Zuivel")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = directory_services.invite_to_explore(
            access=_access(personas.alice, personas, lead=True),
            entry=entry,
            email="zeta@example.org",
            base_url="http://testserver",
        )
    assert invitation.kind == Invitation.Kind.EXPLORER
    assert "explore" in mail.outbox[-1].body.lower() or "verken" in mail.outbox[-1].body.lower()


def test_accepting_an_explorer_invitation_makes_an_explorer_not_a_partner(personas):
    explorer = personas.erin_participant
    assert explorer.role == Participant.Role.EXPLORER
    assert AuditEvent.objects.filter(collaboration=personas.collaboration, action="explorer_joined").exists()
    # Its own match check opened at once, with the lead and partners taking part now.
    round_ = _explorer_round(personas)
    assert round_.instrument == d.MATCHCHECK
    assert set(AnswerSet.objects.filter(round=round_).values_list("organisation_id", flat=True)) == {
        personas.alpha.pk,
        personas.beta.pk,
        personas.epsilon.pk,
    }


def test_the_invite_page_says_what_the_explorer_will_and_will_not_see(personas):
    entry = make_entry(name="Zeta Zuivel")
    page = _client(personas.alice).get(reverse("directory:invite", args=[entry.pk])).content.decode()
    assert "Wat de verkenner ziet" in page
    assert "Wat de verkenner niet ziet" in page
    assert "geen eerdere rondes" in page


def test_the_accept_page_tells_the_invitee_it_explores(personas):
    _invitation, token = services.invitation_create(
        access=_access(personas.alice, personas, lead=True),
        email="charlie@example.org",
        kind=Invitation.Kind.EXPLORER,
        base_url="http://testserver",
    )
    page = _client(personas.charlie).get(reverse("collaborations:invitation_accept", args=[token]))
    assert "U bent uitgenodigd om te verkennen" in page.content.decode()


# --- What the explorer sees ------------------------------------------------------------------


def test_the_explorer_dashboard_shows_only_name_goal_and_the_leads_contact(personas):
    page = _client(personas.erin).get(reverse("collaborations:dashboard", args=[personas.collaboration.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert personas.collaboration.name in body
    assert personas.collaboration.purpose in body
    assert personas.alice.email in body  # the lead's contact
    assert "Beta Transport" not in body  # the partners' names are not shared by default
    assert "Ambitieniveau" not in body
    # No way into the other pages: the collaboration's navigation is not shown.
    for name in ("agreements:overview", "instruments:overview", "collaborations:audit_log", "workspace:plan"):
        assert f'href="{reverse(name, args=[personas.collaboration.pk])}"' not in body, name
    # Its own match check is there.
    assert reverse("instruments:round_detail", args=[personas.collaboration.pk, _explorer_round(personas).pk]) in body


def test_the_lead_chooses_what_the_explorer_sees(personas):
    explorer = personas.erin_participant
    url = reverse("collaborations:explorer_shares", args=[personas.collaboration.pk])
    assert _client(personas.alice).get(url).status_code == 200
    response = _client(personas.alice).post(url, {"shares": ["partners", "ambition", "phase"]})
    assert response.status_code == 302
    personas.collaboration.refresh_from_db()
    assert personas.collaboration.explorer_shares == ["ambition", "phase", "partners"]
    assert AuditEvent.objects.filter(action="explorer_shares_changed").count() == 1
    # Saving the same choice again records nothing new.
    _client(personas.alice).post(url, {"shares": ["partners", "ambition", "phase"]})
    assert AuditEvent.objects.filter(action="explorer_shares_changed").count() == 1
    body = _client(personas.erin).get(reverse("collaborations:dashboard", args=[explorer.collaboration_id]))
    body = body.content.decode()
    assert "Beta Transport" in body
    assert "Ambitieniveau" in body
    # A choice that is not on the list changes nothing.
    response = _client(personas.alice).post(url, {"shares": ["everything"]})
    assert response.status_code == 200
    personas.collaboration.refresh_from_db()
    assert personas.collaboration.explorer_shares == ["ambition", "phase", "partners"]


def test_the_shares_service_refuses_keys_that_are_not_on_the_list(personas):
    with pytest.raises(ValidationError):
        services.explorer_shares_set(access=_access(personas.alice, personas, lead=True), shares=["audit_log"])


def test_the_explorer_is_refused_every_other_collaboration_page(personas):
    client = _client(personas.erin)
    pk = personas.collaboration.pk
    for url in (
        reverse("collaborations:participants", args=[pk]),
        reverse("collaborations:audit_log", args=[pk]),
        reverse("instruments:overview", args=[pk]),
        reverse("instruments:self_check_shares", args=[pk]),
        reverse("agreements:overview", args=[pk]),
        reverse("workspace:plan", args=[pk]),
        reverse("workspace:radar", args=[pk]),
        reverse("collaborations:explorer_decide", args=[pk, personas.erin_participant.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_explorer_reaches_only_its_own_round(personas):
    other = open_round(personas, d.CHECKER)
    client = _client(personas.erin)
    pk = personas.collaboration.pk
    assert client.get(reverse("instruments:round_detail", args=[pk, other.pk])).status_code == 404
    own = client.get(reverse("instruments:round_detail", args=[pk, _explorer_round(personas).pk]))
    assert own.status_code == 200
    # Only the way back, not the instruments' navigation.
    assert reverse("instruments:agenda", args=[pk]) not in own.content.decode()


def test_an_explorer_is_no_party_to_the_agreement_and_hears_nothing_of_the_collaboration(personas):
    explorer = personas.erin_participant
    assert explorer.organisation not in [p.organisation for p in participants_of(personas.collaboration)]
    assert personas.erin not in collaboration_members(personas.collaboration)
    assert personas.erin in collaboration_members(personas.collaboration, explorer_id=explorer.organisation_id)


# --- The explorer's own match check ---------------------------------------------------------


def test_the_explorers_match_check_is_revealed_when_both_sides_have_submitted(
    personas, django_capture_on_commit_callbacks
):
    personas.erin_participant  # noqa: B018 - erin joins
    round_ = _explorer_round(personas)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert not submit(personas.erin, personas.collaboration, round_, match_answers(2))
        assert not submit(personas.alice, personas.collaboration, round_, match_answers(4))
        assert submit(personas.bob, personas.collaboration, round_, match_answers(5))
    round_.refresh_from_db()
    assert round_.is_revealed()
    assert "erin@example.org" in {m.to[0] for m in mail.outbox}
    page = _client(personas.erin).get(reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Beta Transport" in body  # the other side's answers, now revealed
    # No actions that would lead to refused pages: no agenda, no exports.
    assert reverse("instruments:agenda_add", args=[personas.collaboration.pk, round_.pk]) not in body
    assert reverse("instruments:round_pdf", args=[personas.collaboration.pk, round_.pk]) not in body


def test_the_explorers_match_check_waits_for_the_explorer(personas):
    personas.erin_participant  # noqa: B018
    round_ = _explorer_round(personas)
    submit(personas.alice, personas.collaboration, round_, match_answers(4))
    assert not submit(personas.bob, personas.collaboration, round_, match_answers(5))
    round_.refresh_from_db()
    assert not round_.is_revealed()


def test_the_explorer_never_counts_in_the_collaborations_rounds(personas):
    personas.erin_participant  # noqa: B018
    round_ = open_round(personas, d.CHECKER)
    # No answer set for the explorer: not in "1 of 2 organisations", not in the reveal.
    assert set(AnswerSet.objects.filter(round=round_).values_list("organisation_id", flat=True)) == {
        personas.alpha.pk,
        personas.beta.pk,
    }
    from samenwerkwijzer.instruments.tests.factories import checker_answers

    submit(personas.alice, personas.collaboration, round_, checker_answers())
    assert submit(personas.bob, personas.collaboration, round_, checker_answers())
    # The explorer's own match check is not one of the collaboration's rounds.
    overview = {e.instrument.key: e for e in instruments_overview(_access(personas.alice, personas))}
    assert overview[d.MATCHCHECK].current is None
    assert overview[d.MATCHCHECK].can_open
    # Nor does it count as a partner for the phase.
    assert phase_facts([personas.collaboration])[personas.collaboration.pk].participant_count == 2
    # The lead can still open the collaboration's own match check.
    opened = instrument_services.round_open(
        access=_access(personas.alice, personas, lead=True), instrument_key=d.MATCHCHECK
    )
    assert personas.epsilon.pk not in set(
        AnswerSet.objects.filter(round=opened).values_list("organisation_id", flat=True)
    )


def test_the_explorer_sees_the_revealed_answers_of_no_earlier_round(personas):
    from samenwerkwijzer.instruments.tests.factories import SECRET, tien_answers

    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    submit(personas.alice, personas.collaboration, round_, tien_answers())
    submit(personas.bob, personas.collaboration, round_, tien_answers(text=SECRET))
    client = _client(personas.erin)
    pk = personas.collaboration.pk
    for url in (
        reverse("collaborations:dashboard", args=[pk]),
        reverse("instruments:round_detail", args=[pk, round_.pk]),
        reverse("instruments:round_pdf", args=[pk, round_.pk]),
        reverse("instruments:round_csv", args=[pk, round_.pk]),
        reverse("api:instruments_round", args=[pk, round_.pk]),
        reverse("api:instruments_rounds", args=[pk]),
        reverse("core:home"),
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET not in body.decode(errors="replace"), url
        assert response.status_code in (200, 403, 404), url


# --- To-dos ------------------------------------------------------------------------------


def test_the_explorer_gets_only_its_match_check_and_partners_the_decision(personas):
    explorer = personas.erin_participant
    erin_todos = todos_for_access(_access(personas.erin, personas, explorer=True))
    assert [t.rule for t in erin_todos] == ["instruments.round_answer"]
    alice_rules = [t.rule for t in todos_for_access(_access(personas.alice, personas))]
    assert "collaborations.explorer_decide" in alice_rules
    services.explorer_decide(access=_access(personas.alice, personas), explorer=explorer, consent=True)
    assert "collaborations.explorer_decide" not in [t.rule for t in todos_for_access(_access(personas.alice, personas))]
    assert "collaborations.explorer_decide" in [t.rule for t in todos_for_access(_access(personas.bob, personas))]


# --- Admitting the explorer ---------------------------------------------------------------


def _decide(user, personas, decision):
    url = reverse("collaborations:explorer_decide", args=[personas.collaboration.pk, personas.erin_participant.pk])
    return _client(user).post(url, {"decision": decision})


def test_consent_of_every_partner_organisation_admits_the_explorer(personas):
    explorer = personas.erin_participant
    page = _client(personas.bob).get(
        reverse("collaborations:explorer_decide", args=[personas.collaboration.pk, explorer.pk])
    )
    assert page.status_code == 200
    assert _decide(personas.alice, personas, "consent").status_code == 302
    explorer.refresh_from_db()
    assert explorer.is_explorer  # one of two
    assert _decide(personas.bob, personas, "consent").status_code == 302
    explorer.refresh_from_db()
    assert explorer.role == Participant.Role.PARTNER
    event = AuditEvent.objects.get(action="explorer_admitted")
    assert event.details == {"organisation_name": "Epsilon Advies"}
    assert AuditEvent.objects.filter(action="explorer_consented").count() == 2
    # Now a partner: the collaboration's pages open.
    assert (
        _client(personas.erin).get(reverse("agreements:overview", args=[personas.collaboration.pk])).status_code == 200
    )


def test_one_decline_ends_the_exploration(personas):
    explorer = personas.erin_participant
    _decide(personas.alice, personas, "consent")
    assert _decide(personas.bob, personas, "decline").status_code == 302
    assert not Participant.objects.filter(pk=explorer.pk).exists()
    assert AuditEvent.objects.filter(action="explorer_declined").count() == 1
    assert (
        _client(personas.erin).get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).status_code
        == 404
    )


def test_an_organisation_decides_once(personas):
    personas.erin_participant  # noqa: B018
    _decide(personas.alice, personas, "consent")
    response = _decide(personas.anna, personas, "decline")  # anna acts for alpha too
    assert response.status_code == 200
    assert "al gegeven" in response.content.decode()
    assert ExplorerDecision.objects.count() == 1
    assert Participant.objects.filter(pk=personas.erin_participant.pk).exists()


def test_a_decision_needs_a_choice(personas):
    personas.erin_participant  # noqa: B018
    response = _decide(personas.alice, personas, "")
    assert response.status_code == 200
    assert ExplorerDecision.objects.count() == 0


def test_the_decide_page_is_only_for_explorers(personas):
    url = reverse("collaborations:explorer_decide", args=[personas.collaboration.pk, personas.bob_participant.pk])
    assert _client(personas.alice).get(url).status_code == 404


def test_the_explorer_cannot_be_made_partner_by_changing_its_role(personas):
    explorer = personas.erin_participant
    url = reverse("collaborations:participant_role", args=[personas.collaboration.pk, explorer.pk])
    _client(personas.alice).post(url, {"role": "partner"})
    explorer.refresh_from_db()
    assert explorer.is_explorer
    # Nor can a partner be made an explorer: the form does not offer it.
    _client(personas.alice).post(
        reverse("collaborations:participant_role", args=[personas.collaboration.pk, personas.bob_participant.pk]),
        {"role": "explorer"},
    )
    personas.bob_participant.refresh_from_db()
    assert personas.bob_participant.role == Participant.Role.PARTNER
    with pytest.raises(ValidationError):
        services.participant_set_role(
            access=_access(personas.alice, personas, lead=True), participant=personas.bob_participant, role="explorer"
        )


def test_the_decision_service_guards_itself(personas):
    explorer = personas.erin_participant
    with pytest.raises(PermissionDenied):  # an observer
        services.explorer_decide(access=_access(personas.olivia, personas), explorer=explorer, consent=True)
    services.explorer_decide(access=_access(personas.alice, personas), explorer=explorer, consent=True)
    services.explorer_decide(access=_access(personas.bob, personas), explorer=explorer, consent=True)
    with pytest.raises(ValidationError):  # admitted meanwhile
        services.explorer_decide(access=_access(personas.bob, personas), explorer=explorer, consent=True)


def test_an_explorer_invitation_for_someone_already_taking_part_is_refused(personas):
    with pytest.raises(ValidationError):
        services.invitation_create(
            access=_access(personas.alice, personas, lead=True),
            email="bob@example.org",
            kind=Invitation.Kind.EXPLORER,
            base_url="http://testserver",
        )


def test_the_overview_shows_an_explorer_the_phase_only_when_shared(personas):
    personas.erin_participant  # noqa: B018
    home = _client(personas.erin).get(reverse("core:home")).content.decode()
    assert personas.collaboration.name in home
    assert "Fase:" not in home
    assert "Fase:" in _client(personas.alice).get(reverse("core:home")).content.decode()
    personas.collaboration.explorer_shares = ["phase"]
    personas.collaboration.save(update_fields=["explorer_shares"])
    assert "Fase:" in _client(personas.erin).get(reverse("core:home")).content.decode()
