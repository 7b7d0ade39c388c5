"""The assignment pages through the client: bringing in (every bad input of the issue: a clear message
next to the field, what was typed kept, nothing changed, never a 500), the proposal page, inviting,
answering, the bringer-only refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.networks.models import Assignment, NetworkMember, Offer, TeamInvitation
from testsupport.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(net, name="assignment", assignment=None):
    if name in ("assignments", "assignment_create"):
        return reverse(f"networks:{name}", args=[net.network.pk])
    return reverse(f"networks:{name}", args=[net.network.pk, (assignment or net.assignment).pk])


def login(client, user):
    client.force_login(user)
    return client


def form_data(net, **changes):
    today = timezone.localdate()
    data = {
        "title": "Campagne Waterschap",
        "client": "Waterschap De Dommel",
        "description": "Schoon water",
        "starts_on": (today + timedelta(days=7)).isoformat(),
        "ends_on": (today + timedelta(days=35)).isoformat(),
        "location_pc4": "3511",
        "budget": "",
        "max_km": "",
        "max_people": "",
        "objective": "fewest_people",
        f"need_{net.writing.pk}": "3",
        f"need_{net.web.pk}": "2",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def other_member(personas, net):
    """carol: a plain member of the network who did not bring the assignment in."""
    carol = UserFactory(email="carol@example.org", full_name="Carol")
    membership = MembershipFactory(user=carol, organisation__name="Carol Content")
    member = NetworkMember.objects.create(network=net.network, organisation=membership.organisation, home_pc4="3584")
    member.expertises.set([net.writing, net.web])
    return carol


def test_bringing_in_an_assignment_saves_it_and_shows_its_page(client, personas, net):
    login(client, personas.bob)
    page = client.get(url(net, "assignment_create"))
    assert page.status_code == 200 and "Tekstschrijven: mensdagen" in page.text
    response = client.post(url(net, "assignment_create"), form_data(net))
    assignment = Assignment.objects.exclude(pk=net.assignment.pk).get()
    assert response.status_code == 302 and response.url == url(net, assignment=assignment)
    assert sorted(assignment.needs.values_list("expertise__name", "days")) == [("Tekstschrijven", 3), ("Webdesign", 2)]
    page = client.get(response.url)
    assert "Beste team voorstellen" in page.text and "Waterschap De Dommel" in page.text


PAST = (timezone.localdate() - timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_on": PAST}, "starts_on", "niet in het verleden beginnen"),
        ({"ends_on": timezone.localdate().isoformat()}, "ends_on", "het begin liggen"),
        ({"starts_on": "31-02-2027"}, "starts_on", ""),
        ({"location_pc4": "35AB"}, "location_pc4", "vier cijfers"),
        ({"location_pc4": "0000"}, "location_pc4", "geen Nederlands postcodegebied"),
        ({"max_people": "0"}, "max_people", ""),
        ({"max_km": "20", "location_pc4": ""}, "max_km", "postcodegebied van het werk"),
        ({"include_bringer": "on", "need_WRITING": "", "need_PHOTO": ""}, "include_bringer", "geen van de expertises"),
        ({"need_WRITING": "", "need_WEB": ""}, "need_FIRST", "minstens één expertise"),
        ({"need_WRITING": "-3"}, "need_WRITING", ""),
        ({"need_WRITING": "veel"}, "need_WRITING", ""),
        ({"budget": "-5"}, "budget", ""),
        ({"title": "x" * 201}, "title", ""),
        ({"objective": "cheapest_friends"}, "objective", ""),
    ],
)
def test_every_bad_input_gets_a_message_next_to_the_field_and_changes_nothing(
    client, personas, net, changes, field, message
):
    keys = {"WRITING": net.writing.pk, "WEB": net.web.pk, "PHOTO": net.photography.pk}
    first = net.network.expertises.order_by("name").first().pk  # the form lists them by name
    resolved = {}
    for key, value in changes.items():
        for token, pk in keys.items():
            key = key.replace(token, str(pk))
        resolved[key] = value
    field = field.replace("FIRST", str(first))
    for token, pk in keys.items():
        field = field.replace(token, str(pk))
    if "include_bringer" in changes:
        resolved[f"need_{net.web.pk}"] = "2"  # bob has writing and photography, not web
    login(client, personas.bob)
    before = (Assignment.objects.count(), Assignment.objects.get(pk=net.assignment.pk).updated_at)
    response = client.post(url(net, "assignment_create"), form_data(net, **resolved))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert f'id="id_{field}_error"' in response.text
    if message:
        assert message in " ".join(form.errors[field])
    assert 'class="error-summary' in response.text
    assert "Waterschap De Dommel" in response.text  # what was typed is kept
    assert (Assignment.objects.count(), Assignment.objects.get(pk=net.assignment.pk).updated_at) == before


def test_a_budget_below_the_cheapest_team_is_said_next_to_the_budget(client, personas, net):
    NetworkMember.objects.filter(pk=net.alice_member.pk).update(day_rate=Decimal("800"))
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(day_rate=Decimal("500"))
    login(client, personas.bob)
    response = client.post(url(net, "assignment_create"), form_data(net, budget="100"))
    assert response.status_code == 200
    assert "minstens €\xa03.100,00" in " ".join(response.context["form"].errors["budget"])
    assert Assignment.objects.count() == 1


def test_the_list_groups_assignments_by_state(client, personas, net):
    Assignment.objects.create(
        network=net.network,
        brought_in_by=net.alice_member,
        title="Oud werk",
        client="Gemeente",
        starts_on=timezone.localdate() - timedelta(days=90),
        ends_on=timezone.localdate() - timedelta(days=60),
        status=Assignment.Status.DONE,
    )
    response = login(client, personas.alice).get(url(net, "assignments"))
    assert response.status_code == 200
    text = response.text
    assert text.index("Jaarverslag Stadsbank") < text.index("Afgerond of geannuleerd") < text.index("Oud werk")


def test_propose_invite_and_a_no_with_a_reason_gives_a_new_proposal(client, personas, net, other_member):
    net.assignment.needs.update(expertise=net.web, days=3)
    bob = login(client, personas.bob)
    response = bob.post(url(net, "assignment_propose"))
    assert response.status_code == 302
    page = bob.get(url(net))
    assert "Team uitnodigen" in page.text and "Waarom:" in page.text and "Heeft Webdesign" in page.text
    assert "bewezen door de rekenmethode" in page.text
    assert "Beste vervanger, de rest van het team blijft:" in page.text
    proposed = net.assignment.team.get()
    assert bob.post(url(net, "assignment_invite")).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == TeamInvitation.Status.INVITED
    invited_user = personas.alice if proposed.member_id == net.alice_member.pk else other_member
    member = login(type(client)(), invited_user)
    page = member.get(url(net))
    assert "U bent uitgenodigd voor dit team" in page.text
    # No answer chosen: the message is next to the field and nothing changes.
    response = member.post(url(net, "assignment_respond"), {"answer": "", "note": "Geen tijd"})
    assert response.status_code == 200 and "answer" in response.context["respond_form"].errors
    proposed.refresh_from_db()
    assert proposed.status == TeamInvitation.Status.INVITED
    response = member.post(url(net, "assignment_respond"), {"answer": "no", "note": "Geen tijd in die weken"})
    assert response.status_code == 302
    net.assignment.refresh_from_db()
    assert net.assignment.proposal_number == 2
    page = bob.get(url(net))
    assert "Nieuwe uitnodigingen versturen" in page.text and "Geen tijd in die weken" in page.text
    # The reason is for the member itself, the bringer and the coordinator (as in the API and the export).
    dora = UserFactory(email="dora@example.org", full_name="Dora")
    dora_organisation = MembershipFactory(user=dora, organisation__name="Dora Design").organisation
    NetworkMember.objects.create(network=net.network, organisation=dora_organisation)
    page = login(type(client)(), dora).get(url(net))
    assert page.status_code == 200 and "Geen tijd in die weken" not in page.text
    assert "Geen tijd in die weken" in member.get(url(net)).text
    # Answering twice: a clear message, never a 500.
    response = member.post(url(net, "assignment_respond"), {"answer": "yes"})
    assert response.status_code == 200 and "niet meer open" in response.text


def test_a_yes_from_everyone_makes_the_agreement_the_primary_action(client, personas, net):
    net.assignment.needs.update(expertise=net.web, days=3)
    bob = login(client, personas.bob)
    bob.post(url(net, "assignment_propose"))
    bob.post(url(net, "assignment_invite"))
    alice = login(type(client)(), personas.alice)
    assert alice.post(url(net, "assignment_respond"), {"answer": "yes"}).status_code == 302
    page = bob.get(url(net))
    assert reverse("networks:assignment_agreement", args=[net.network.pk, net.assignment.pk]) in page.text
    assert "Team uitnodigen" not in page.text


def test_an_assignment_nobody_can_cover_points_to_the_company_directory(client, personas, net):
    net.assignment.needs.update(expertise=net.web, days=500)
    bob = login(client, personas.bob)
    bob.post(url(net, "assignment_propose"))
    page = bob.get(url(net))
    assert "Niemand in het netwerk kan deze opdracht" in page.text
    assert "Webdesign:" in page.text and "dagen tekort" in page.text
    assert reverse("directory:organisation_search", args=[personas.beta.pk]) in page.text
    assert "Team uitnodigen" not in page.text and not net.assignment.team.exists()


def test_a_greedy_fallback_is_said_honestly(client, personas, net):
    bob = login(client, personas.bob)
    bob.post(url(net, "assignment_propose"))
    net.assignment.refresh_from_db()
    net.assignment.proposal["status"] = "fallback"
    net.assignment.save()
    assert "De rekentijd was op" in bob.get(url(net)).text


def test_inviting_when_the_days_are_gone_says_so_and_invites_nobody(client, personas, net):
    bob = login(client, personas.bob)
    bob.post(url(net, "assignment_propose"))
    Offer.objects.create(assignment=net.assignment, member=net.bob_member, days=1)
    response = bob.post(url(net, "assignment_invite"))
    assert response.status_code == 200 and "een andere uitnodiging was eerder" in response.text
    assert "Nieuw voorstel maken" in response.text and "Team uitnodigen" not in response.text
    assert net.assignment.team.get().status == TeamInvitation.Status.PROPOSED


def test_proposing_when_nothing_is_open_says_so(client, personas, net):
    bob = login(client, personas.bob)
    bob.post(url(net, "assignment_propose"))
    bob.post(url(net, "assignment_invite"))
    response = bob.post(url(net, "assignment_propose"))
    assert response.status_code == 200 and "er valt niets meer voor te stellen" in response.text


def test_a_member_who_leaves_opens_the_role_and_a_new_proposal_is_offered(client, personas, net, other_member):
    net.assignment.needs.update(expertise=net.web, days=3)
    bob = login(client, personas.bob)
    bob.post(url(net, "assignment_propose"))
    bob.post(url(net, "assignment_invite"))
    invitation = net.assignment.team.get()
    invitation.status = TeamInvitation.Status.ACCEPTED
    invitation.save()
    Assignment.objects.filter(pk=net.assignment.pk).update(status=Assignment.Status.TEAM_COMPLETE)
    # What the leave service does: left_at set, the invitations withdrawn.
    NetworkMember.objects.filter(pk=invitation.member_id).update(left_at=timezone.now())
    net.assignment.team.update(status=TeamInvitation.Status.WITHDRAWN)
    page = bob.get(url(net))
    assert "Open rollen" in page.text and "nog 3 dagen open" in page.text and "Nieuw voorstel maken" in page.text
    assert bob.post(url(net, "assignment_propose")).status_code == 302
    net.assignment.refresh_from_db()
    assert net.assignment.status == Assignment.Status.FORMING
    assert net.assignment.team.filter(status=TeamInvitation.Status.PROPOSED).exists()


def test_the_bringers_actions_refuse_other_members_and_change_nothing(client, personas, net, other_member):
    carol = login(client, other_member)
    for name in ("assignment_edit", "assignment_cancel"):
        assert carol.get(url(net, name)).status_code == 403
    for name in ("assignment_edit", "assignment_cancel", "assignment_propose", "assignment_invite"):
        assert carol.post(url(net, name), form_data(net)).status_code == 403
    net.assignment.refresh_from_db()
    assert net.assignment.status == Assignment.Status.DRAFT and net.assignment.title == "Jaarverslag Stadsbank"
    assert not net.assignment.team.exists()
    # Not invited: answering is refused too.
    assert carol.post(url(net, "assignment_respond"), {"answer": "yes"}).status_code == 403
    # Carol sees the page, without the bringer's actions.
    page = carol.get(url(net))
    assert page.status_code == 200 and "Beste team voorstellen" not in page.text


def test_changing_an_assignment_and_the_lock_once_members_are_invited(client, personas, net):
    bob = login(client, personas.bob)
    page = bob.get(url(net, "assignment_edit"))
    assert page.status_code == 200 and "Jaarverslag Stadsbank" in page.text
    response = bob.post(url(net, "assignment_edit"), form_data(net, title="Jaarverslag 2027"))
    assert response.status_code == 302
    net.assignment.refresh_from_db()
    assert net.assignment.title == "Jaarverslag 2027"
    response = bob.post(url(net, "assignment_edit"), form_data(net, starts_on=PAST))
    assert response.status_code == 200 and "starts_on" in response.context["form"].errors
    bob.post(url(net, "assignment_propose"))
    bob.post(url(net, "assignment_invite"))
    page = bob.get(url(net, "assignment_edit"))
    assert page.status_code == 200 and "kan niet meer worden gewijzigd" in page.text
    bob.post(url(net, "assignment_edit"), form_data(net, title="Toch anders"))
    net.assignment.refresh_from_db()
    assert net.assignment.title == "Jaarverslag 2027"


def test_offering_days(client, personas, net):
    alice = login(client, personas.alice)
    assert alice.get(url(net, "assignment_offer")).status_code == 200
    response = alice.post(url(net, "assignment_offer"), {"days": "999"})
    assert response.status_code == 200 and "werkdagen" in " ".join(response.context["form"].errors["days"])
    response = alice.post(url(net, "assignment_offer"), {"days": "-1"})
    assert response.status_code == 200 and not Offer.objects.exists()
    assert alice.post(url(net, "assignment_offer"), {"days": "3"}).status_code == 302
    assert Offer.objects.get().days == 3
    assert "nu 3 dagen" in alice.get(url(net)).text


def test_cancelling(client, personas, net):
    alice = login(client, personas.alice)  # the coordinator may cancel too
    assert "annuleren?" in alice.get(url(net, "assignment_cancel")).text
    assert alice.post(url(net, "assignment_cancel")).status_code == 302
    net.assignment.refresh_from_db()
    assert net.assignment.status == Assignment.Status.CANCELLED
    response = alice.post(url(net, "assignment_cancel"))
    assert response.status_code == 200 and "niet meer worden geannuleerd" in response.text
