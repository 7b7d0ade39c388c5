"""The foundation's to-do rules and the role rules (docs/todos.md)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations import services
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import Invitation, Participant
from samenwerkwijzer.collaborations.todos import (
    COLLABORATION,
    PERSON,
    Todo,
    accesses_for_user,
    allowed,
    todos_for_access,
    todos_for_user,
)
from samenwerkwijzer.instruments import services as instrument_services
from testsupport.factories import MembershipFactory, UserFactory, add_totp, make_collaboration


def rules(user, collaboration):
    return {t.rule: t for t in todos_for_access(get_collaboration_for_user(user, collaboration.pk))}


def test_a_lead_alone_is_asked_to_invite_a_partner_until_an_invitation_is_out(personas):
    collaboration = make_collaboration(user=personas.alice, organisation=personas.alpha, name="Nieuw")
    todo = rules(personas.alice, collaboration)["collaborations.invite_partner"]
    assert todo.title == "Nodig uw partner uit" and todo.url == reverse(
        "collaborations:invite", args=[collaboration.pk]
    )
    services.invitation_create(
        access=get_collaboration_for_user(personas.alice, collaboration.pk, lead=True),
        email="partner@example.org",
        kind=Invitation.Kind.PARTICIPANT,
        base_url="http://testserver",
    )
    assert "collaborations.invite_partner" not in rules(personas.alice, collaboration)


def test_a_collaboration_with_a_partner_asks_no_invitation(personas):
    assert "collaborations.invite_partner" not in rules(personas.alice, personas.collaboration)


def test_an_invitation_open_for_a_week_is_a_nudge_for_the_lead_only(personas):
    assert "collaborations.invitation_waiting" not in rules(personas.alice, personas.collaboration)
    Invitation.objects.filter(pk=personas.open_invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    todo = rules(personas.alice, personas.collaboration)["collaborations.invitation_waiting"]
    assert "newcomer@example.org" in todo.title
    assert "collaborations.invitation_waiting" not in rules(personas.bob, personas.collaboration)
    assert "collaborations.invitation_waiting" not in rules(personas.olivia, personas.collaboration)


def test_the_role_rules():
    from samenwerkwijzer.collaborations.access import CollaborationAccess
    from samenwerkwijzer.collaborations.models import Collaboration

    collaboration = Collaboration(name="x")
    organisation_todo = Todo("x.org", "t", "/", "b")
    lead_todo = Todo("x.lead", "t", "/", "b", scope=COLLABORATION, lead_only=True)
    personal = Todo("x.person", "t", "/", "b", scope=PERSON)
    lead = CollaborationAccess(collaboration, None, Participant.Role.LEAD, None)
    partner = CollaborationAccess(collaboration, None, Participant.Role.PARTNER, None)
    observer = CollaborationAccess(collaboration, None, CollaborationAccess.OBSERVER, None)
    undecided = CollaborationAccess(collaboration, None, Participant.Role.PARTNER, None, must_choose=True)
    assert allowed(lead, organisation_todo) and allowed(lead, lead_todo)
    assert allowed(partner, organisation_todo) and not allowed(partner, lead_todo)
    assert not allowed(observer, organisation_todo) and allowed(observer, personal)
    assert not allowed(undecided, organisation_todo)
    collaboration.archived_at = timezone.now()
    assert not allowed(lead, organisation_todo)


def test_someone_without_organisation_is_asked_to_add_one_but_an_observer_is_not(personas):
    newcomer = UserFactory()
    assert [t.rule for t in todos_for_user(newcomer)] == ["accounts.add_organisation"]
    assert "accounts.add_organisation" not in [t.rule for t in todos_for_user(personas.olivia)]
    assert todos_for_user(personas.olivia) == []


def test_a_signatory_without_second_factor_is_asked_to_set_one_up(personas):
    assert "accounts.second_factor" in [t.rule for t in todos_for_user(personas.charlie)]
    add_totp(personas.charlie)
    assert "accounts.second_factor" not in [t.rule for t in todos_for_user(personas.charlie)]
    # A plain member who may not sign is not asked.
    assert "accounts.second_factor" not in [t.rule for t in todos_for_user(personas.anna)]


def test_accesses_across_collaborations_agree_with_the_access_helper(personas):
    found = {a.collaboration.pk: a for a in accesses_for_user(personas.alice)}
    assert (
        found[personas.collaboration.pk].role
        == get_collaboration_for_user(personas.alice, personas.collaboration.pk).role
    )
    observer = {a.collaboration.pk: a for a in accesses_for_user(personas.olivia)}
    assert observer[personas.collaboration.pk].is_observer
    # In two participating organisations without a choice: read only, so no organisation to-dos.
    MembershipFactory(user=personas.bob, organisation=personas.alpha)
    [access] = [a for a in accesses_for_user(personas.bob) if a.collaboration.pk == personas.collaboration.pk]
    assert access.must_choose
    [chosen] = [
        a
        for a in accesses_for_user(personas.bob, preferred_organisation_id=personas.beta.pk)
        if a.collaboration.pk == personas.collaboration.pk
    ]
    assert chosen.organisation == personas.beta and not chosen.must_choose


def _collaboration_with_open_rounds(lead, organisation, name):
    collaboration = make_collaboration(user=lead, organisation=organisation, name=name)
    Participant.objects.create(collaboration=collaboration, organisation=MembershipFactory().organisation)
    access = get_collaboration_for_user(lead, collaboration.pk, lead=True)
    for key in ("samenwerkingschecker", "tien_basisvragen", "matchcheck"):
        instrument_services.round_open(access=access, instrument_key=key)
    return collaboration


def test_the_overview_takes_a_fixed_number_of_queries_however_many_collaborations(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.alice)
    _collaboration_with_open_rounds(personas.alice, personas.alpha, "Een")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("core:home"))
    for index in range(4):
        _collaboration_with_open_rounds(personas.alice, personas.alpha, f"Meer {index}")
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("core:home")).content.decode()
    assert page.count("Nu invullen") == 15


def test_the_dashboard_shows_the_to_dos_and_the_phases_as_a_task_list(client, personas):
    collaboration = make_collaboration(user=personas.alice, organisation=personas.alpha, name="Nieuw")
    client.force_login(personas.alice)
    page = client.get(reverse("collaborations:dashboard", args=[collaboration.pk])).content.decode()
    assert "Te doen" in page and "Nodig uw partner uit" in page
    # Explore (current): the profile is described; Find a partner (not reached): cannot start yet.
    assert "task-list__status task-list__status--done" in page
    assert "task-list__status task-list__status--cannot" in page
    assert "<details open>" in page and page.count("<details") == 5


def test_an_observer_is_told_calmly_there_is_nothing_to_do(client, personas):
    client.force_login(personas.olivia)
    page = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).content.decode()
    assert "U leest mee als meelezer" in page
    home = client.get(reverse("core:home")).content.decode()
    assert "uw organisatie" not in home.lower()
    assert "Voeg uw organisatie toe" not in home


def test_a_partner_with_nothing_to_do_is_told_whom_they_wait_for(client, personas):
    from samenwerkwijzer.instruments.models import SelfCheckShare
    from testsupport.factories import mark_verified

    SelfCheckShare.objects.create(
        organisation=personas.beta, collaboration=personas.collaboration, definition_version=1
    )
    mark_verified(personas.beta)
    add_totp(personas.bob)
    personas.alpha.memberships.update(is_authorised_signatory=False)
    client.force_login(personas.bob)
    page = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).content.decode()
    assert "u wacht op Alpha Bakkerij" in page
