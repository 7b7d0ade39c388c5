from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations.models import AuditEvent, Collaboration, Invitation, Participant
from samenwerkwijzer.collaborations.services import audit_record
from samenwerkwijzer.collaborations.views import AUDIT_LOG_PAGE_SIZE
from testsupport.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_starting_a_collaboration_from_the_form(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("collaborations:create"),
        {
            "organisation": membership.organisation.pk,
            "name": "Kaasroute Gouda",
            "purpose": "Samen kaas naar de markt brengen.",
            "ambition_level": "operational",
            "duration_kind": "project",
            "planned_end_date": "",
        },
    )
    collaboration = Collaboration.objects.get(name="Kaasroute Gouda")
    assert response.url == reverse("collaborations:dashboard", args=[collaboration.pk])
    assert collaboration.participants.get().organisation == membership.organisation


def test_a_past_end_date_is_refused(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        reverse("collaborations:create"),
        {
            "organisation": membership.organisation.pk,
            "name": "Te laat",
            "purpose": "x",
            "ambition_level": "operational",
            "duration_kind": "project",
            "planned_end_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    assert "Kies een datum van vandaag of later" in response.content.decode()
    assert not Collaboration.objects.exists()


def test_a_user_without_organisation_is_sent_to_add_one_first(client):
    client.force_login(UserFactory())
    response = client.get(reverse("collaborations:create"))
    assert response.url == reverse("onboarding:start")


def test_one_cannot_start_for_an_organisation_of_someone_else(client, personas):
    client.force_login(personas.charlie)
    response = client.post(
        reverse("collaborations:create"),
        {
            "organisation": personas.alpha.pk,
            "name": "Kaping",
            "purpose": "x",
            "ambition_level": "tactical",
            "duration_kind": "project",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["organisation"]
    assert not Collaboration.objects.filter(name="Kaping").exists()


def test_the_dashboard_shows_phases_participants_and_honest_coming_soon(client, personas):
    client.force_login(personas.bob)
    page = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).content.decode()
    assert "Zonnedak Zwaluwstaart" in page
    assert "Alpha Bakkerij" in page and "Beta Transport" in page
    assert "Verkennen" in page and "Uitvoeren en evalueren" in page
    # Every capability has its page now (the canvas was the last one, issue #19).
    assert "binnenkort" not in page
    assert reverse("businessmodel:canvas", args=[personas.collaboration.pk]) in page
    assert "Wijs een tekenbevoegde aan" in page


def test_the_dashboard_uses_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    for _ in range(6):
        organisation = MembershipFactory().organisation
        Participant.objects.create(collaboration=personas.collaboration, organisation=organisation)
    client.force_login(personas.alice)
    # 4 of them gather the phase facts (own, agreements, instruments, legal forms); 7 the to-dos
    # (one of them: the explorers to decide on, issue #15; one: the lead's next steps, issue #14).
    with django_assert_max_num_queries(25):
        response = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk]))
    assert response.status_code == 200


def test_outsiders_see_nothing_of_the_collaboration_anywhere(client, personas):
    client.force_login(personas.charlie)
    for url in [reverse("core:home"), reverse("organisations:list"), reverse("collaborations:create")]:
        page = client.get(url).content.decode()
        assert "Zonnedak Zwaluwstaart" not in page and "Geheim Gerstenat" not in page
    response = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk]))
    assert response.status_code == 404
    assert "Zonnedak" not in response.content.decode()


def test_the_home_page_lists_only_ones_own_collaborations(client, personas):
    client.force_login(personas.alice)
    page = client.get(reverse("core:home")).content.decode()
    assert "Zonnedak Zwaluwstaart" in page and "Geheim Gerstenat" not in page


def test_the_lead_edits_details_but_not_the_phase(client, personas):
    # The phase is set on its own page, with a reason (test_phases.py).
    client.force_login(personas.alice)
    response = client.post(
        reverse("collaborations:edit", args=[personas.collaboration.pk]),
        {
            "name": "Zonnedak Zwaluwstaart",
            "purpose": "Nieuw doel",
            "ambition_level": "strategic",
            "duration_kind": "structural",
            "phase": "agreements",
        },
    )
    assert response.status_code == 302
    personas.collaboration.refresh_from_db()
    assert personas.collaboration.phase == "explore" and personas.collaboration.purpose == "Nieuw doel"


def test_a_rejected_edit_keeps_the_stored_name_in_the_header(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        reverse("collaborations:edit", args=[personas.collaboration.pk]),
        {"name": "", "purpose": "x", "ambition_level": "strategic", "duration_kind": "structural", "phase": "explore"},
    )
    assert response.status_code == 200
    assert "<h1>Zonnedak Zwaluwstaart</h1>" in response.content.decode()


def test_the_lead_invites_by_email_and_sees_the_open_invitation(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("collaborations:invite", args=[personas.collaboration.pk]),
            {"email": "partner@example.org", "kind": "participant"},
        )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["partner@example.org"]
    page = client.get(reverse("collaborations:participants", args=[personas.collaboration.pk])).content.decode()
    assert "partner@example.org" in page


def test_inviting_a_participant_again_shows_a_message_next_to_the_field(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        reverse("collaborations:invite", args=[personas.collaboration.pk]),
        {"email": "bob@example.org", "kind": "participant"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Deze persoon doet al mee namens Beta Transport."]


def test_an_anonymous_visitor_with_a_valid_link_is_asked_to_log_in_and_comes_back(client, personas):
    url = reverse("collaborations:invitation_accept", args=[personas.open_invitation_token])
    page = client.get(url).content.decode()
    assert "Zonnedak Zwaluwstaart" in page and "newcomer@example.org" in page
    newcomer = UserFactory(email="newcomer@example.org")
    response = client.post(reverse("account_login"), {"login": newcomer.email, "password": PASSWORD})
    assert response.url == url


def test_a_newcomer_joins_through_the_link(client, personas):
    newcomer = UserFactory(email="newcomer@example.org")
    organisation = MembershipFactory(user=newcomer).organisation
    client.force_login(newcomer)
    url = reverse("collaborations:invitation_accept", args=[personas.open_invitation_token])
    response = client.post(url, {"organisation": organisation.pk})
    assert response.url == reverse("collaborations:dashboard", args=[personas.collaboration.pk])
    page = client.get(reverse("collaborations:participants", args=[personas.collaboration.pk])).content.decode()
    assert organisation.name in page and "Beta Transport" in page


def test_a_used_link_shows_a_clear_message(client, personas):
    Invitation.objects.filter(pk=personas.open_invitation.pk).update(accepted_at=timezone.now())
    response = client.get(reverse("collaborations:invitation_accept", args=[personas.open_invitation_token]))
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()


def test_a_link_for_someone_else_shows_a_clear_message_and_nothing_of_the_collaboration(client, personas):
    client.force_login(personas.charlie)
    response = client.get(reverse("collaborations:invitation_accept", args=[personas.open_invitation_token]))
    assert response.status_code == 403
    assert "ander e-mailadres" in response.content.decode()
    assert "Zonnedak" not in response.content.decode()


def test_an_unknown_link_is_not_found(client):
    response = client.get(reverse("collaborations:invitation_accept", args=["nonsense"]))
    assert response.status_code == 404
    assert "niet geldig" in response.content.decode()


def test_a_newcomer_without_organisation_is_offered_to_add_one(client, personas):
    client.force_login(UserFactory(email="newcomer@example.org"))
    page = client.get(
        reverse("collaborations:invitation_accept", args=[personas.open_invitation_token])
    ).content.decode()
    assert reverse("onboarding:organisation") in page  # the guided step: prefill, plain legal forms, SBI search


def test_removing_the_last_lead_shows_a_message_and_changes_nothing(client, personas):
    client.force_login(personas.alice)
    url = reverse("collaborations:participant_remove", args=[personas.collaboration.pk, personas.alice_participant.pk])
    response = client.post(url)
    assert response.status_code == 200
    assert "laatste penvoerder" in response.content.decode()
    assert Participant.objects.filter(pk=personas.alice_participant.pk).exists()


def test_a_partner_leaves_after_confirming(client, personas):
    client.force_login(personas.bob)
    url = reverse("collaborations:participant_remove", args=[personas.collaboration.pk, personas.bob_participant.pk])
    assert "Samenwerking verlaten" in client.get(url).content.decode()
    response = client.post(url)
    assert response.url == reverse("core:home")
    assert client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).status_code == 404


def test_an_observer_stops_following(client, personas):
    client.force_login(personas.olivia)
    url = reverse("collaborations:observer_remove", args=[personas.collaboration.pk, personas.olivia_observer.pk])
    assert client.post(url).status_code == 302
    assert client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).status_code == 404


def test_the_lead_changes_a_role_from_the_participants_page(client, personas):
    client.force_login(personas.alice)
    client.post(
        reverse("collaborations:participant_role", args=[personas.collaboration.pk, personas.bob_participant.pk]),
        {"role": "lead"},
    )
    assert Participant.objects.get(pk=personas.bob_participant.pk).is_lead
    response = client.post(
        reverse("collaborations:participant_role", args=[personas.collaboration.pk, personas.bob_participant.pk]),
        {"role": "emperor"},
        follow=True,
    )
    assert "Kies een geldige rol" in response.content.decode()


def test_giving_a_participant_the_role_it_already_has_changes_and_records_nothing(client, personas):
    client.force_login(personas.alice)
    response = client.post(
        reverse("collaborations:participant_role", args=[personas.collaboration.pk, personas.bob_participant.pk]),
        {"role": "partner"},
    )
    assert response.status_code == 302
    assert Participant.objects.get(pk=personas.bob_participant.pk).role == "partner"
    assert not personas.collaboration.audit_events.filter(action=AuditEvent.Action.ROLE_CHANGED).exists()


def test_the_audit_log_shows_who_did_what(client, personas):
    client.force_login(personas.olivia)
    page = client.get(reverse("collaborations:audit_log", args=[personas.collaboration.pk])).content.decode()
    assert "Startte de samenwerking" in page and "Alice Lead" in page
    assert "Verstuurde een uitnodiging: newcomer@example.org" in page


def test_the_lead_withdraws_an_invitation(client, personas):
    client.force_login(personas.alice)
    client.post(
        reverse("collaborations:invitation_revoke", args=[personas.collaboration.pk, personas.open_invitation.pk])
    )
    personas.open_invitation.refresh_from_db()
    assert personas.open_invitation.revoked_at is not None


def test_an_archived_collaboration_shows_a_notice_and_refuses_invitations(client, personas):
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(archived_at=timezone.now())
    client.force_login(personas.alice)
    page = client.get(reverse("collaborations:participants", args=[personas.collaboration.pk])).content.decode()
    assert "gearchiveerd" in page
    assert reverse("collaborations:invite", args=[personas.collaboration.pk]) not in page
    assert client.get(reverse("collaborations:invite", args=[personas.collaboration.pk])).status_code == 403
    client.force_login(UserFactory(email="newcomer@example.org"))
    response = client.get(reverse("collaborations:invitation_accept", args=[personas.open_invitation_token]))
    assert response.status_code == 410


def test_a_long_audit_log_is_read_a_page_at_a_time_newest_first(client, personas):
    for number in range(AUDIT_LOG_PAGE_SIZE + 5):
        audit_record(
            collaboration=personas.collaboration,
            actor=personas.alice,
            action=AuditEvent.Action.INVITED,
            email=f"p{number}@example.org",
        )
    client.force_login(personas.bob)
    url = reverse("collaborations:audit_log", args=[personas.collaboration.pk])
    first = client.get(url).content.decode()
    newest = f"p{AUDIT_LOG_PAGE_SIZE + 4}@example.org"
    assert newest in first and "Oudere meldingen" in first and "Startte de samenwerking" not in first
    last_page = client.get(url, {"page": 2}).content.decode()
    assert "Startte de samenwerking" in last_page and newest not in last_page and "Nieuwere meldingen" in last_page
    assert client.get(url, {"page": "x"}).status_code == 200
