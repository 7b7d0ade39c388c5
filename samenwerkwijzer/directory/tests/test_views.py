import pytest
from django.urls import reverse

from samenwerkwijzer.collaborations.models import Invitation
from samenwerkwijzer.directory import services
from samenwerkwijzer.directory.models import (
    Connection,
    DirectoryEntry,
    DirectorySbi,
    DirectoryStat,
    PartnerProfile,
    ShortlistItem,
)
from samenwerkwijzer.organisations.models import Membership

from .factories import make_entry, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def make_findable(organisation, user, **fields):
    """List the organisation in the directory; only a verified organisation can be findable, so verify it first."""
    if not organisation.is_verified and fields.get("findable", True):
        organisation.refresh_from_db()
        if not organisation.is_verified:
            verify(organisation)
    membership = Membership.objects.get(organisation=organisation, user=user)
    values = {"findable": True, "chain_position": "dienstverlener", "offers": ["logistiek"], "needs": []}
    values.update(fields)
    services.listing_save(membership=membership, specialisms=[], **values)


def ask_connection(client, user, asking, asked, kind, **kwargs):
    """``user`` asks, on the connections page of ``asking``, to be connected with ``asked``."""
    client.force_login(user)
    url = reverse("directory:connections", args=[asking.pk])
    return client.post(url, {"kvk_number": asked.kvk_number, "kind": kind}, **kwargs)


def confirm(a, b):
    Connection.objects.create(
        from_organisation=a, to_organisation=b, kind="know_each_other", confirmed_at="2026-01-01T00:00Z"
    )


def test_a_user_describes_the_wanted_partner_and_gets_ranked_matches_with_reasons(english, personas):
    p = personas
    make_entry(name="Koeltransport Utrecht", pc4="3511", offers=("logistiek",), needs=("vakkennis",))
    make_entry(name="Verre Vervoerder", pc4="9711", offers=("logistiek",), needs=())
    english.force_login(p.alice)
    response = english.post(
        reverse("directory:organisation_profile", args=[p.alpha.pk]),
        {"sbi_codes": "49", "pc4": "3511", "max_km": "50", "needs": ["logistiek"], "offers": ["vakkennis"]},
    )
    assert response.status_code == 302
    assert PartnerProfile.objects.get(organisation=p.alpha).sbi_codes == ["49"]
    page = english.get(response.url).content.decode()
    assert "Koeltransport Utrecht" in page and "Verre Vervoerder" not in page
    assert "you need logistics — they offer it" in page and "sector 49410 within your 49" in page


def test_a_negative_distance_and_an_unknown_code_are_refused(english, personas):
    english.force_login(personas.alice)
    response = english.post(
        reverse("directory:organisation_profile", args=[personas.alpha.pk]), {"sbi_codes": "99999", "max_km": "-3"}
    )
    content = response.content.decode()
    assert response.status_code == 200 and "cannot be negative" in content and "Unknown SBI code" in content
    assert not PartnerProfile.objects.exists()


def test_an_observer_sees_matches_but_cannot_shortlist(english, personas):
    p = personas
    entry = make_entry()
    services.profile_save(collaboration=p.collaboration, data=_profile(), user=p.alice)
    english.force_login(p.olivia)
    page = english.get(reverse("directory:collaboration_search", args=[p.collaboration.pk])).content.decode()
    assert entry.name in page and "Put on the shortlist" not in page
    url = reverse("directory:collaboration_shortlist_change", args=[p.collaboration.pk])
    assert english.post(url, {"entry": entry.pk, "action": "add"}).status_code == 403
    assert not ShortlistItem.objects.exists()


def _profile(**fields):
    data = {
        "sbi_codes": [], "specialisms": [], "size_classes": [], "pc4": "3511", "max_km": None,
        "chain_positions": [], "culture": "", "needs": ["logistiek"], "offers": [],
    }  # fmt: skip
    data.update(fields)
    return data


def test_the_lead_shortlists_a_match_and_invites_it_to_explore(english, personas):
    p = personas
    entry = make_entry(name="Koeltransport Utrecht")
    services.profile_save(collaboration=p.collaboration, data=_profile(), user=p.alice)
    english.force_login(p.alice)
    shortlist = reverse("directory:collaboration_shortlist_change", args=[p.collaboration.pk])
    english.post(shortlist, {"entry": entry.pk, "action": "add"})
    assert ShortlistItem.objects.filter(entry=entry).exists()
    url = reverse("directory:invite", args=[entry.pk])
    assert "Zonnedak Zwaluwstaart" in english.get(url).content.decode()
    response = english.post(url, {"collaboration": p.collaboration.pk, "email": "info@koeltransport.example"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="info@koeltransport.example")
    # Issue #15: exploring is not joining; the invitation makes an explorer, not a partner.
    assert invitation.collaboration == p.collaboration and invitation.kind == "explorer"
    assert ShortlistItem.objects.get(entry=entry).invited_at is not None


def test_a_partner_cannot_invite_into_a_collaboration_it_does_not_lead(english, personas):
    p = personas
    entry = make_entry()
    english.force_login(p.bob)
    response = english.post(
        reverse("directory:invite", args=[entry.pk]), {"collaboration": p.collaboration.pk, "email": "a@b.nl"}
    )
    assert response.status_code == 200
    assert not Invitation.objects.filter(email="a@b.nl").exists()


def test_an_organisation_is_findable_only_after_opting_in(english, personas):
    p = personas
    verify(p.alpha)
    english.force_login(p.alice)
    url = reverse("directory:listing", args=[p.alpha.pk])
    english.post(url, {"chain_position": "producent", "offers": ["vakkennis"]})
    assert not DirectoryEntry.objects.exists()
    english.post(url, {"findable": "on", "chain_position": "producent", "offers": ["vakkennis"]})
    entry = DirectoryEntry.objects.get()
    assert entry.organisation == p.alpha and entry.offers == ["vakkennis"] and entry.source == "platform"
    english.post(url, {"chain_position": "producent"})
    assert not DirectoryEntry.objects.exists()
    english.force_login(p.anna)
    assert english.get(url).status_code == 403


def test_a_findable_organisation_describes_its_culture_and_searchers_read_it_next_to_the_match(english, personas):
    p = personas
    verify(p.beta)
    english.force_login(p.bob)
    url = reverse("directory:listing", args=[p.beta.pk])
    own_words = "We bellen liever dan dat we mailen."
    english.post(
        url, {"findable": "on", "chain_position": "dienstverlener", "offers": ["logistiek"], "culture": own_words}
    )
    assert own_words in english.get(url).content.decode()  # under "What others see"
    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    english.force_login(p.alice)
    search_url = reverse("directory:organisation_search", args=[p.alpha.pk])
    result = english.get(search_url).content.decode().split("Beta Transport", 1)[1]
    assert "In their own words:" in result and own_words in result
    english.force_login(p.bob)
    english.post(url, {"chain_position": "dienstverlener", "offers": ["logistiek"], "culture": own_words})
    english.force_login(p.alice)
    assert own_words not in english.get(search_url).content.decode()


def test_a_culture_description_longer_than_a_few_sentences_is_refused(english, personas):
    english.force_login(personas.bob)
    url = reverse("directory:listing", args=[personas.beta.pk])
    response = english.post(url, {"findable": "on", "chain_position": "producent", "culture": "x" * 501})
    assert response.status_code == 200 and "at most 500 characters" in response.content.decode()
    assert not DirectoryEntry.objects.exists()


def test_contacts_of_contacts_show_who_can_introduce(english, personas):
    p = personas
    make_findable(p.gamma, p.charlie)
    make_findable(p.beta, p.bob)
    make_entry(name="Vreemde", offers=("logistiek",))
    confirm(p.alpha, p.beta)  # alpha knows beta
    confirm(p.beta, p.gamma)  # beta knows gamma: gamma is alpha's second ring, via beta
    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    english.force_login(p.alice)
    url = reverse("directory:organisation_search", args=[p.alpha.pk])
    page = english.get(url).content.decode()
    assert "via Beta Transport" in page and "direct contact" in page
    second = english.get(url, {"ring": "2"}).content.decode()
    assert "Gamma Bouw" in second and "Beta Transport" not in second.split("<ol")[1].split("via")[0]
    first = english.get(url, {"ring": "1"}).content.decode()
    assert "Beta Transport" in first and "Gamma Bouw" not in first and "Vreemde" not in first


def test_a_connection_counts_only_once_the_other_side_confirms(english, personas):
    p = personas
    make_findable(p.beta, p.bob)
    ask_connection(english, p.alice, p.alpha, p.beta, "worked_together")
    connection = Connection.objects.get()
    assert connection.confirmed_at is None
    assert english.post(reverse("directory:connection_confirm", args=[p.alpha.pk, connection.pk])).status_code == 403
    english.force_login(p.bob)
    english.post(reverse("directory:connection_confirm", args=[p.beta.pk, connection.pk]))
    connection.refresh_from_db()
    assert connection.confirmed_at is not None
    # Someone else's connections do not exist for charlie.
    english.force_login(p.charlie)
    assert english.post(reverse("directory:connection_remove", args=[p.gamma.pk, connection.pk])).status_code == 404
    assert "Beta Transport" not in english.get(reverse("directory:connections", args=[p.gamma.pk])).content.decode()


def test_the_search_page_needs_the_same_few_queries_for_many_results(english, personas, django_assert_max_num_queries):
    p = personas
    for index in range(25):
        make_entry(name=f"Vervoerder {index}", refresh=index == 24)
    services.profile_save(organisation=p.alpha, data=_profile(max_km=30), user=p.alice)
    english.force_login(p.alice)
    with django_assert_max_num_queries(16):
        response = english.get(reverse("directory:organisation_search", args=[p.alpha.pk]))
    assert response.content.decode().count('class="result"') == 20


def test_a_collaboration_search_shows_who_already_takes_part_without_offering_to_invite_them(english, personas):
    p = personas
    make_findable(p.beta, p.bob)  # beta is a partner in the collaboration already
    make_entry(name="Koeltransport Utrecht")
    services.profile_save(collaboration=p.collaboration, data=_profile(), user=p.alice)
    english.force_login(p.alice)
    page = english.get(reverse("directory:collaboration_search", args=[p.collaboration.pk])).content.decode()
    results = {item.split("<h3>")[1].split("</h3>")[0]: item for item in page.split('<li class="result">')[1:]}
    beta, other = results["Beta Transport"], results["Koeltransport Utrecht"]
    assert "already takes part" in beta and "Invite to explore" not in beta and "shortlist" not in beta
    assert "already takes part" not in other and "Invite to explore" in other and "Put on the shortlist" in other


def test_an_entry_that_left_the_directory_cannot_be_put_on_the_shortlist(english, personas):
    p = personas
    make_findable(p.beta, p.bob)
    entry = DirectoryEntry.objects.get(organisation=p.beta)
    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    make_findable(p.beta, p.bob, findable=False)  # beta leaves while alice still has the results open
    english.force_login(p.alice)
    url = reverse("directory:organisation_shortlist_change", args=[p.alpha.pk])
    assert english.post(url, {"entry": entry.pk, "action": "add"}).status_code == 404
    assert not ShortlistItem.objects.exists()


def test_a_member_takes_a_match_off_the_shortlist(english, personas):
    p = personas
    entry = make_entry(name="Koeltransport Utrecht")
    services.profile_save(collaboration=p.collaboration, data=_profile(), user=p.alice)
    english.force_login(p.bob)
    url = reverse("directory:collaboration_shortlist_change", args=[p.collaboration.pk])
    english.post(url, {"entry": entry.pk, "action": "add"})
    assert ShortlistItem.objects.filter(entry=entry).exists()
    response = english.post(url, {"entry": entry.pk, "action": "remove"}, follow=True)
    assert "Koeltransport Utrecht has been taken off the shortlist." in response.content.decode()
    assert not ShortlistItem.objects.exists()
    assert DirectoryEntry.objects.filter(pk=entry.pk).exists()


def test_the_entry_of_a_findable_organisation_follows_a_change_of_its_details(client, personas):
    p = personas
    make_findable(p.alpha, p.alice)
    entry = DirectoryEntry.objects.get(organisation=p.alpha)
    client.force_login(p.alice)
    data = {
        "name": "Alpha Bakkerij en Banket",
        "kvk_number": p.alpha.kvk_number,
        "legal_form": "41",
        "sbi_codes": "10710",
        "size_class": "2-4",
        "pc4": "3621",
        "website": "",
        "description": "Brood en banket.",
    }
    assert client.post(reverse("organisations:edit", args=[p.alpha.pk]), data).status_code == 302
    moved = DirectoryEntry.objects.get()
    assert moved.pk == entry.pk and moved.name == "Alpha Bakkerij en Banket" and moved.pc4 == "3621"
    assert list(DirectorySbi.objects.filter(entry=moved).values_list("code", flat=True)) == ["10710"]
    counts = dict(DirectoryStat.objects.filter(kind="pc4").values_list("key", "count"))
    assert counts == {"3511": 0, "3621": 1}


def test_an_organisation_cannot_connect_with_itself(client, personas):
    p = personas
    make_findable(p.alpha, p.alice)
    response = ask_connection(client, p.alice, p.alpha, p.alpha, "know_each_other")
    assert response.status_code == 200
    assert "U kunt uw organisatie niet met zichzelf verbinden." in response.content.decode()
    assert not Connection.objects.exists()


def test_asking_an_organisation_that_asked_first_confirms_the_connection(client, personas):
    p = personas
    make_findable(p.alpha, p.alice)
    make_findable(p.beta, p.bob)
    ask_connection(client, p.bob, p.beta, p.alpha, "worked_together")
    response = ask_connection(client, p.alice, p.alpha, p.beta, "know_each_other", follow=True)
    assert "De connectie met Beta Transport is bevestigd." in response.content.decode()
    connection = Connection.objects.get()
    assert connection.from_organisation == p.beta and connection.kind == "worked_together"
    assert connection.confirmed_at is not None


def test_asking_the_same_organisation_twice_is_refused(client, personas):
    p = personas
    make_findable(p.alpha, p.alice)
    make_findable(p.beta, p.bob)
    ask_connection(client, p.alice, p.alpha, p.beta, "know_each_other")
    response = ask_connection(client, p.alice, p.alpha, p.beta, "worked_together")
    assert response.status_code == 200
    assert "Er is al een verbinding of verzoek met deze organisatie." in response.content.decode()
    connection = Connection.objects.get()
    assert connection.kind == "know_each_other" and connection.confirmed_at is None


def test_the_asked_organisation_declines_a_connection_request(client, personas):
    p = personas
    make_findable(p.beta, p.bob)
    ask_connection(client, p.alice, p.alpha, p.beta, "know_each_other")
    connection = Connection.objects.get()
    client.force_login(p.bob)
    response = client.post(reverse("directory:connection_remove", args=[p.beta.pk, connection.pk]), follow=True)
    assert "De connectie is verwijderd." in response.content.decode()
    assert not Connection.objects.exists()
