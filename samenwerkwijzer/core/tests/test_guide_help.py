"""The guide's own help (issue 13): ten tips, five practice cases and short advice, each on its page."""

import tomllib
from datetime import timedelta

import pytest
from django.core import checks as django_checks
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.core import checks, guide_help
from samenwerkwijzer.directory import services as directory_services
from samenwerkwijzer.directory.tests.factories import make_entry
from samenwerkwijzer.instruments.tests.factories import revealed_round
from samenwerkwijzer.registry.models import RegistryCheck
from samenwerkwijzer.workspace import services as workspace_services

HELP = guide_help.load()
PHONE = "088 585 22 22"
EDITION_NL = "volgens de gids, editie van vóór juli 2018"


def _hrefs(value):
    """Every href anywhere in the raw data file, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "href":
                yield item
            else:
                yield from _hrefs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _hrefs(item)
    elif isinstance(value, str):
        assert "http://" not in value and "https://" not in value and "www." not in value, value


def _texts(page, language="nl"):
    return guide_help.for_page(page, language)["texts"]


# --- the data file -----------------------------------------------------------------------------


def test_the_file_holds_the_guides_ten_tips_and_five_cases_in_both_languages():
    assert len(HELP.tips) == 10
    assert [case.name for case in HELP.cases.values()] == [
        "Select Courier",
        "Berg Hortimotive",
        "Ardoer",
        "Artishock",
        "Unit-2",
    ]
    for tip in HELP.tips:
        assert tip.text.nl and tip.text.en and tip.text.nl != tip.text.en
    assert HELP.phone == PHONE  # as the guide gives it


def test_every_href_in_the_help_data_is_on_an_allowed_public_site():
    raw = tomllib.loads(guide_help.DATA_FILE.read_text(encoding="utf-8"))
    hrefs = list(_hrefs(raw))
    assert len(hrefs) >= 5
    allowed = ("www.kvk.nl", "www.ondernemersplein.nl", "www.rvo.nl", "een.ec.europa.eu")
    for href in hrefs:
        assert href.startswith("https://") and href.split("/")[2] in allowed, href
    # the public routes the guide names have their site
    assert {link.href for link in HELP.links()} == {
        "https://www.kvk.nl/",
        "https://www.ondernemersplein.nl/",
        "https://www.rvo.nl/",
        "https://een.ec.europa.eu/",
    }


@pytest.mark.parametrize(
    "href, allowed",
    [
        ("https://www.kvk.nl/", True),
        ("https://kvk.nl/advies/", True),
        ("https://een.ec.europa.eu/", True),
        ("http://www.kvk.nl/", False),
        ("https://www.kvk.nl.example.com/", False),
        ("https://evilkvk.nl/", False),
        ("https://www.meetup.com/", False),
        ("https://www.teamventure.nl/", False),
        ("javascript:alert(1)", False),
    ],
)
def test_only_https_links_to_the_allowed_hosts_pass(href, allowed):
    assert guide_help.host_is_allowed(href) is allowed


def test_the_system_check_is_registered_and_passes_on_the_shipped_file():
    assert checks.guide_help_is_valid in django_checks.registry.registry.get_checks()
    assert checks.guide_help_is_valid(None) == []


def test_a_damaged_file_fails_start_up_and_names_every_problem(tmp_path, monkeypatch):
    raw = guide_help.DATA_FILE.read_text(encoding="utf-8")
    damaged = (
        raw.replace('link = { href = "https://www.rvo.nl/"', 'link = { href = "https://www.meetup.com/"')
        .replace('pages = ["legal_form"]\nkind = { nl = "virtual', 'pages = ["nowhere"]\nkind = { nl = "virtual')
        .replace('en = "Change course together when that turns out to be necessary."\n', "")
    )
    path = tmp_path / "guide_help.toml"
    path.write_text(damaged, encoding="utf-8")
    monkeypatch.setattr(guide_help, "DATA_FILE", path)
    errors = checks.guide_help_is_valid(None)
    assert {error.id for error in errors} == {"core.E001"}
    messages = "\n".join(error.msg for error in errors)
    assert "https://www.meetup.com/ is not on an allowed host" in messages
    assert "cases.artishock: unknown page 'nowhere'" in messages
    assert "texts.change_course: the en text is missing" in messages


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda data: data["tips"].pop(), "the guide gives 10 tips, the file has 9"),
        (lambda data: data["cases"].pop("unit_2"), "the guide has 5 practice cases"),
        (lambda data: data["texts"].pop("dare_to_stop"), "texts.dare_to_stop is missing"),
        (lambda data: data["texts"].update(extra={"nl": "x", "en": "x", "section": "1"}), "texts.extra is not used"),
        (lambda data: data["cases"]["ardoer"].pop("summary"), "cases.ardoer.summary: needs nl and en texts"),
        (lambda data: data["cases"]["ardoer"].pop("pages"), "cases.ardoer: pages is missing"),
        (lambda data: data["cases"]["ardoer"].pop("number"), "cases.ardoer: number is missing"),
        (lambda data: data["kvk_advice_line"].pop("phone"), "kvk_advice_line: phone is missing"),
        (lambda data: data["kvk_advice_line"].update(link="kvk.nl"), "needs a href with nl and en labels"),
        (lambda data: data.update(guide="x"), "guide and kvk_advice_line must be tables"),
    ],
)
def test_each_kind_of_damage_is_named(change, problem):
    data = tomllib.loads(guide_help.DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(guide_help.GuideHelpError) as caught:
        guide_help.parse(data)
    assert any(problem in message for message in caught.value.problems), caught.value.problems


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[guide\n", encoding="utf-8")
    with pytest.raises(guide_help.GuideHelpError, match=r"cannot read broken\.toml"):
        guide_help.load(path)


def test_an_unknown_page_is_a_programming_error():
    with pytest.raises(ValueError):
        guide_help.for_page("elsewhere", "nl")


def test_each_case_is_on_the_page_of_the_step_it_illustrates():
    def names(page):
        return [case["name"] for case in guide_help.for_page(page, "nl")["cases"]]

    assert names("partner_profile") == ["Select Courier"]  # ch. 2, demand and offer
    assert names("partner_search") == ["Berg Hortimotive"]  # ch. 3, the right partner
    assert names("legal_form") == ["Ardoer", "Artishock"]  # ch. 4.3 (a bv) and 5 (a cooperative)
    assert names("evaluation") == ["Unit-2"] == names("pitfalls")  # ch. 6 quote, ch. 7 case
    assert names("start") == [] == names("meeting") == names("reliability")


# --- the pages ---------------------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_welcome_page_gives_the_guides_definition_and_the_three_steps(client):
    page = client.get(reverse("core:home")).content.decode()
    assert "het realiseren van een gemeenschappelijk doel door twee of meer mensen" in page
    assert "in wederzijdse afhankelijkheid" in page
    assert "ontdekken, ontwikkelen, organiseren" in page


def test_the_overview_page_gives_the_definition_too(client, personas):
    page = _page(client, personas.alice, reverse("core:home"))
    assert "Wat samenwerken is" in page and "wederzijdse afhankelijkheid" in page


def test_the_about_page_names_the_kvk_advice_line_as_the_guide_gives_it(client):
    page = client.get(reverse("core:about")).content.decode()
    assert PHONE in page and EDITION_NL in page and 'href="https://www.kvk.nl/"' in page


def test_in_english_the_help_is_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("core:home")).content.decode()
    assert "achieving a common goal by two or more people or organisations in mutual dependence" in page
    assert "What working together means" in page and "wederzijdse afhankelijkheid" not in page


def _assert_ten_tips(page):
    assert "Tien tips uit de gids om een partner te vinden" in page
    for tip in guide_help.for_page("partner_search", "nl")["tips"]:
        assert tip["text"].replace("'", "&#x27;") in page
    for href in ("https://www.kvk.nl/", "https://een.ec.europa.eu/", "https://www.rvo.nl/"):
        assert f'href="{href}"' in page
    assert PHONE in page and EDITION_NL in page
    # named without a link, as in the guide's edition
    assert "meetup.com" in page and "#durftevragen" in page and 'href="https://www.meetup' not in page
    assert "Praktijkvoorbeeld 2 uit de gids: Berg Hortimotive" in page and "<details" in page
    assert "ontdekken, ontwikkelen, organiseren" in page


def test_the_partner_search_start_page_gives_the_ten_tips(client, personas):
    _assert_ten_tips(_page(client, personas.alice, reverse("directory:index")))


def test_a_search_without_a_profile_gives_the_ten_tips(client, personas):
    _assert_ten_tips(_page(client, personas.alice, reverse("directory:organisation_search", args=[personas.alpha.pk])))


def test_the_matches_page_gives_the_ten_tips(client, personas):
    data = {
        "sbi_codes": [], "specialisms": [], "size_classes": [], "pc4": "3511", "max_km": None,
        "chain_positions": [], "culture": "", "needs": ["logistiek"], "offers": [],
    }  # fmt: skip
    directory_services.profile_save(organisation=personas.alpha, data=data, user=personas.alice)
    make_entry(name="Koeltransport Utrecht", pc4="3511", offers=("logistiek",))
    page = _page(client, personas.alice, reverse("directory:organisation_search", args=[personas.alpha.pk]))
    assert "Koeltransport Utrecht" in page
    _assert_ten_tips(page)


def test_the_wanted_partner_profile_shows_the_case_about_demand_and_offer(client, personas):
    page = _page(client, personas.alice, reverse("directory:organisation_profile", args=[personas.alpha.pk]))
    assert "Praktijkvoorbeeld 1 uit de gids: Select Courier" in page
    assert "netwerkorganisatie" in page


def test_the_legal_form_comparison_shows_the_cooperative_and_the_bv_case_and_the_adviser(client):
    page = client.get(reverse("legalforms:comparison")).content.decode()
    assert "Praktijkvoorbeeld 4 uit de gids: Artishock" in page and "coöperatie" in page
    assert "Praktijkvoorbeeld 3 uit de gids: Ardoer" in page and "aparte bv" in page
    assert "een adviseur van de KvK raadplegen" in page and PHONE in page and EDITION_NL in page


def _meeting(personas):
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    return workspace_services.meeting_create(
        access=access,
        title="Kwartaaloverleg",
        starts_at=timezone.now() + timedelta(days=7),
        duration_minutes=60,
        location="Bakkerij",
        online_link="",
        free_items=[],
    )


def test_the_meeting_pages_say_to_involve_the_right_people(client, personas):
    right_people = _texts("meeting")["right_people"]
    meeting = _meeting(personas)
    pk = personas.collaboration.pk
    for url in (
        reverse("workspace:meeting_create", args=[pk]),
        reverse("workspace:meeting_detail", args=[pk, meeting.pk]),
        reverse("workspace:meeting_edit", args=[pk, meeting.pk]),
    ):
        page = _page(client, personas.alice, url)
        assert right_people in page and "de juiste mensen betrokken" in page, url


def test_the_evaluation_says_change_course_dare_to_stop_and_call_an_adviser(client, personas):
    round_ = revealed_round(personas)
    page = _page(client, personas.bob, reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk]))
    assert "Verander samen van richting als dat nodig blijkt." in page
    assert "durf dan te stoppen" in page
    assert reverse("workspace:exit", args=[personas.collaboration.pk]) in page
    assert "De gids raadt aan een adviseur van de KvK te bellen." in page
    assert PHONE in page and EDITION_NL in page
    assert "Praktijkvoorbeeld 5 uit de gids: Unit-2" in page


def test_the_pitfall_radar_shows_the_freelancers_pool_case_of_chapter_7(client, personas):
    page = _page(client, personas.alice, reverse("workspace:radar", args=[personas.collaboration.pk]))
    assert "Praktijkvoorbeeld 5 uit de gids: Unit-2" in page


def test_other_instruments_do_not_get_the_evaluation_help(client, personas):
    round_ = revealed_round(personas, "tien_basisvragen")
    page = _page(client, personas.bob, reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk]))
    assert "durf dan te stoppen" not in page


def _checked(client, personas, *, found):
    entry = make_entry(kvk_number="69599084")
    result = {"kvk_number": "69599084", "found": found, "source": "kvk_api", "name": "Oud Resultaat"}
    RegistryCheck.objects.create(
        kvk_number="69599084", source="kvk_api", found=found, result=result, checked_by=personas.charlie
    )
    return _page(client, personas.charlie, reverse("registry:entry_check", args=[entry.pk]))


def test_the_reliability_check_lists_the_financial_situation_as_a_to_do_with_the_reason(client, personas):
    page = _checked(client, personas, found=True)
    assert "Nog zelf te doen" in page and "Financiële situatie" in page
    assert "het Handelsregister bevat ze niet" in page and "gespecialiseerde bureaus" in page


def test_a_number_the_registry_does_not_know_gets_no_financial_to_do(client, personas):
    page = _checked(client, personas, found=False)
    assert "Financiële situatie" not in page
