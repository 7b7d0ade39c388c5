"""Search by name on the partner search page, and the name suggestions while typing (issue #21)."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from samenwerkwijzer.directory import services

from .factories import make_entry
from .test_views import _profile, confirm, make_findable

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def results(content: str) -> list[tuple[str, str]]:
    """(name, text) of each result on the page, in order."""
    items = content.split('<li class="result">')[1:]
    return [
        (unescape(item.split("<h3>")[1].split("</h3>")[0]), text_of(item.split('<div class="actions">')[0]))
        for item in items
    ]


def search_url(p) -> str:
    return reverse("directory:organisation_search", args=[p.alpha.pk])


def suggestions_url(p) -> str:
    return reverse("directory:organisation_search_suggestions", args=[p.alpha.pk])


def name_field(content: str) -> str:
    """The name field's block: label, hint, message and input."""
    start = content.index('class="field field--name')
    return content[start : content.index('id="name-suggestions"', start)]


@pytest.fixture
def alice(client, personas):
    services.profile_save(organisation=personas.alpha, data=_profile(), user=personas.alice)
    client.force_login(personas.alice)
    return client


def test_a_member_finds_a_company_by_name_typed_with_a_typo(alice, personas):
    make_entry(name="Bakkerij Van der Molen B.V.", pc4="3511", refresh=False)
    make_entry(name="Molenaar Installatietechniek", pc4="3512", refresh=False)
    make_entry(name="Jansen Transport", pc4="3511")
    response = alice.get(search_url(personas), {"q": "bakkerij moolen"})
    assert response.status_code == 200
    found = results(response.content.decode())
    name, text = found[0]
    assert name == "Bakkerij Van der Molen B.V."
    # The name score, with its scale, and the name's reason before the profile's.
    assert "naam 80,0 van 100" in text
    reasons = re.findall(
        r"<li>(.*?)</li>", response.content.decode().split('<ul class="reasons">')[1].split("</ul>")[0]
    )
    assert unescape(reasons[0]) == "naam: alle 2 woorden die u typte (1 met een tikfout)"
    assert "Jansen Transport" not in [name for name, _text in found]


def test_a_trade_name_is_found_and_named_in_the_reason(alice, personas):
    make_entry(name="Hoekstra Holding B.V.", trade_names="Bakkerij Het Hoekje;Hoekstra Vastgoed")
    response = alice.get(search_url(personas), {"q": "hoekje bakkerij"})
    content = unescape(response.content.decode())
    assert results(response.content.decode())[0][0] == "Hoekstra Holding B.V."
    assert "handelsnaam “Bakkerij Het Hoekje”: alle 2 woorden die u typte" in content


def test_the_name_combines_with_the_profiles_sector_and_the_network_filter(client, personas):
    p = personas
    make_entry(name="Bakkerij Jansen Utrecht", sbi_codes="10710", refresh=False)
    make_entry(name="Jansen Koeriers Utrecht", sbi_codes="49410")
    services.profile_save(organisation=p.alpha, data=_profile(sbi_codes=["10"]), user=p.alice)
    client.force_login(p.alice)
    found = results(client.get(search_url(p), {"q": "jansen utrecht"}).content.decode())
    assert [name for name, _text in found] == ["Bakkerij Jansen Utrecht"]  # the sector filter still filters

    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    make_findable(p.beta, p.bob)
    confirm(p.alpha, p.beta)
    make_entry(name="Beta Transport Noord", pc4="9711")
    everyone = results(client.get(search_url(p), {"q": "beta transport"}).content.decode())
    assert [name for name, _text in everyone] == ["Beta Transport", "Beta Transport Noord"]
    contacts = results(client.get(search_url(p), {"q": "beta transport", "ring": "1"}).content.decode())
    assert [name for name, _text in contacts] == ["Beta Transport"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("de", "Alleen veelvoorkomende woorden zoals “de”, “van” of “B.V.”: voeg een woord van de naam toe."),
        ("x", "Typ minstens 2 tekens van de naam."),
        ("!?", "Typ een naam met letters of cijfers."),
        ("bakkerij " * 30, "Typ hoogstens 200 tekens."),
    ],
)
def test_a_name_without_anything_to_search_for_gets_a_message_next_to_the_field(alice, personas, typed, message):
    make_entry(name="Koeltransport Utrecht")
    response = alice.get(search_url(personas), {"q": typed, "ring": ""})
    assert response.status_code == 200
    content = response.content.decode()
    field = unescape(name_field(content))
    assert message in field and "field--error" in field
    # What the user typed stays in the field.
    assert f'value="{typed}"' in field
    # The error summary above the form links to the field.
    summary = unescape(content.split("data-error-summary>")[1].split("</div>")[0])
    assert 'href="#id_q"' in summary and message in summary
    # The rest of the page is the profile's search, as without a name.
    assert [name for name, _text in results(content)] == ["Koeltransport Utrecht"]
    assert "score " in results(content)[0][1] and "naam " not in results(content)[0][1]


def test_the_pager_keeps_the_name(alice, personas):
    for index in range(25):
        make_entry(name=f"Bakkerij Jansen {index}", refresh=index == 24)
    make_entry(name="Koeltransport Utrecht")
    first = alice.get(search_url(personas), {"q": "bakkerij jansen"}).content.decode()
    assert len(results(first)) == 20
    next_href = unescape(re.search(r'<a href="([^"]*)">Volgende pagina</a>', first).group(1))
    assert next_href == "?q=bakkerij%20jansen&ring=&page=2"
    second = alice.get(search_url(personas) + next_href).content.decode()
    names = [name for name, _text in results(second)]
    assert len(names) == 5 and all(name.startswith("Bakkerij Jansen") for name in names)
    assert not {name for name, _text in results(first)} & set(names)
    assert 'value="bakkerij jansen"' in name_field(second)
    # A page number that is no number: the first page, still searched by the name.
    wrong = alice.get(search_url(personas), {"q": "bakkerij jansen", "page": "twee"}).content.decode()
    assert [name for name, _text in results(wrong)] == [name for name, _text in results(first)]


def test_without_a_name_the_pager_is_as_before(alice, personas):
    for index in range(25):
        make_entry(name=f"Vervoerder {index}", refresh=index == 24)
    content = alice.get(search_url(personas)).content.decode()
    assert '<a href="?ring=&amp;page=2">Volgende pagina</a>' in content
    assert "naam " not in results(content)[0][1]


def test_the_name_field_asks_for_suggestions_while_typing(alice, personas):
    content = alice.get(search_url(personas)).content.decode()
    field = name_field(content)
    assert "Naam of handelsnaam" in field
    assert "Bijvoorbeeld: bakkerij vd molen; tikfouten en woordvolgorde maken niet uit." in field
    assert f'hx-get="{suggestions_url(personas)}"' in field
    assert 'hx-trigger="input changed delay:300ms, search"' in field and 'hx-target="#name-suggestions"' in field
    assert '<div id="name-suggestions" class="name-suggestions" aria-live="polite"></div>' in content
    # The name is the form's first field.
    form = content.split('role="search"')[1].split("</form>")[0]
    assert form.index('name="q"') < form.index('name="ring"')


def test_suggestions_list_the_best_names_with_their_place_and_a_link(alice, personas):
    bakery = make_entry(name="Bakkerij Van der Molen B.V.", pc4="3511", refresh=False)
    hoekje = make_entry(name="Hoekstra Holding B.V.", trade_names="Bakkerij Molen Oost", pc4="1011", refresh=False)
    make_entry(name="Jansen Transport")
    response = alice.get(suggestions_url(personas), {"q": "bakkerij moolen"})
    assert response.status_code == 200
    items = re.findall(r"<li>(.*?)</li>", response.content.decode(), re.S)
    # The statutory name; a trade name after it when that is what matched; the postcode area and its place.
    assert [text_of(item) for item in items] == [
        "Bakkerij Van der Molen B.V. · 3511 Utrecht",
        "Hoekstra Holding B.V. — Bakkerij Molen Oost · 1011 Amsterdam",
    ]
    assert f'href="{reverse("registry:entry_check", args=[bakery.pk])}"' in items[0]
    assert f'href="{reverse("registry:entry_check", args=[hoekje.pk])}"' in items[1]


def test_suggestions_are_at_most_eight(alice, personas):
    for index in range(10):
        make_entry(name=f"Bakkerij Zuid {index}", refresh=index == 9)
    content = alice.get(suggestions_url(personas), {"q": "bakkerij zuid"}).content.decode()
    assert len(re.findall(r"<li>", content)) == 8


@pytest.mark.parametrize("typed", ["", "b", "ba", "  ba  ", "van de", "x" * 201])
def test_suggestions_are_empty_for_fewer_than_3_characters_or_a_refused_name(alice, personas, typed):
    make_entry(name="Bakkerij Van der Molen B.V.")
    response = alice.get(suggestions_url(personas), {"q": typed})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_suggestions_say_so_when_no_name_fits(alice, personas):
    make_entry(name="Bakkerij Van der Molen B.V.")
    response = alice.get(suggestions_url(personas), {"q": "zzzqqq"})
    assert response.status_code == 200 and "Geen naam gevonden die bij uw profiel past." in response.content.decode()


def test_suggestions_keep_to_the_profile_and_the_network_filter(alice, personas):
    p = personas
    make_findable(p.beta, p.bob)
    confirm(p.alpha, p.beta)
    make_entry(name="Beta Transport Noord", pc4="9711")
    everyone = alice.get(suggestions_url(p), {"q": "beta transport"}).content.decode()
    contacts = alice.get(suggestions_url(p), {"q": "beta transport", "ring": "1"}).content.decode()
    assert "Beta Transport Noord" in everyone and "Beta Transport Noord" not in contacts
    assert "Beta Transport" in contacts


def test_collaboration_suggestions_follow_the_collaborations_profile(client, personas):
    p = personas
    make_entry(name="Bakkerij Van der Molen B.V.")
    client.force_login(p.olivia)  # an observer reads the search page, so also its suggestions
    url = reverse("directory:collaboration_search_suggestions", args=[p.collaboration.pk])
    assert client.get(url, {"q": "bakkerij"}).content.decode().strip() == ""  # no profile yet
    services.profile_save(collaboration=p.collaboration, data=_profile(), user=p.alice)
    response = client.get(url, {"q": "bakkerij"})
    assert response.status_code == 200 and "Bakkerij Van der Molen B.V." in response.content.decode()


def test_suggestions_are_shown_to_whoever_sees_the_search_page(client, personas):
    p = personas
    make_entry(name="Bakkerij Van der Molen B.V.")
    services.profile_save(organisation=p.alpha, data=_profile(), user=p.alice)
    # Anonymous: sent to the login page, like the search page.
    page = client.get(search_url(p), {"q": "bakkerij"})
    fragment = client.get(suggestions_url(p), {"q": "bakkerij"})
    assert page.status_code == fragment.status_code == 302
    assert page["Location"].split("?")[0] == fragment["Location"].split("?")[0] == reverse("account_login")
    # Someone outside the organisation: not found, like the search page.
    client.force_login(p.charlie)
    assert client.get(search_url(p), {"q": "bakkerij"}).status_code == 404
    assert client.get(suggestions_url(p), {"q": "bakkerij"}).status_code == 404
    assert client.post(suggestions_url(p), {"q": "bakkerij"}).status_code == 405
