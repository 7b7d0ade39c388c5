"""Issue #13, legal-form advice: each statement of guide 4.3 and 5 (and the law where the guide is silent)."""

import dataclasses
import datetime
import re
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerkwijzer.agreements.sections import _legal_form_advice
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import DurationKind
from samenwerkwijzer.legalforms import advice, services
from samenwerkwijzer.legalforms.advice import Intake
from samenwerkwijzer.legalforms.knowledge import get_knowledge
from samenwerkwijzer.legalforms.views import duration_from_collaboration
from samenwerkwijzer.registry.client import annual_accounts_for

from .test_advice import intake as base_intake

ART_55_56 = "2:55\u201356 BW"  # with an en dash, as the texts write it
BEFORE = Path(__file__).parent / "data" / "rankings_before_13.txt"


def intake(**changes) -> Intake:
    """The intake of test_advice, for partners who pursue a common goal."""
    return base_intake(**{"purpose": "common_goal", **changes})


def rank(value: Intake) -> list[advice.RankedForm]:
    return advice.rank(value, get_knowledge().profiles)


def by_form(ranking):
    return {item.form: item for item in ranking}


def codes(item) -> set[str]:
    return {note.code for note in (*item.reasons, *item.warnings)}


intakes = st.builds(
    Intake,
    duration=st.sampled_from(advice.DURATIONS),
    founders=st.integers(min_value=1, max_value=50),
    founder_kind=st.sampled_from(advice.FOUNDER_KINDS),
    purpose=st.sampled_from(advice.PURPOSES),
    exclude_private_liability=st.booleans(),
    notary_ok=st.booleans(),
    silent_investors=st.booleans(),
    free_profession=st.booleans(),
    profit_to_members=st.booleans(),
    tax_preference=st.sampled_from((None, *advice.TAX_PREFERENCES)),
)


# --- The informal vereniging (art. 2:30 BW) and "no form meets all hard wishes" -------------


def test_without_a_notary_a_vereniging_does_not_exclude_private_liability():
    item = by_form(rank(intake(exclude_private_liability=True, notary_ok=False)))[advice.VERENIGING]
    assert item.blocked and item.warnings[0].code == "blocked_informal_vereniging"
    assert "liability_entity" not in codes(item)
    text = get_knowledge().notes["blocked_informal_vereniging"].text.nl
    assert "2:30 BW" in text and "hoofdelijk" in text and "Handelsregister" in text


def test_without_a_notary_the_vereniging_warns_of_the_boards_liability():
    item = by_form(rank(intake(notary_ok=False)))[advice.VERENIGING]
    assert not item.blocked
    assert {"notary_vereniging_limited", "informal_vereniging_liability"} <= codes(item)


def test_with_a_notary_the_vereniging_excludes_private_liability():
    item = by_form(rank(intake(exclude_private_liability=True)))[advice.VERENIGING]
    assert not item.blocked and "liability_entity" in codes(item)


def test_no_liability_and_no_notary_meets_no_form_and_names_the_two_ways_out():
    value = intake(exclude_private_liability=True, notary_ok=False)
    ranking = rank(value)
    assert not advice.hard_wishes_met(ranking)
    assert all(item.blocked for item in ranking)
    ways = [note.code for note in advice.ways_out(value, get_knowledge().profiles)]
    assert ways == ["way_out_notary", "way_out_liability"]


def test_the_number_of_founders_alone_never_rules_every_form_out():
    for value in (intake(founders=1), intake(founders=1, notary_ok=False), intake(founders=1, duration="incidental")):
        assert advice.hard_wishes_met(rank(value))
        assert advice.ways_out(value, get_knowledge().profiles) == []


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_no_form_is_presented_as_excluding_private_liability_when_the_answers_rule_it_out(value):
    for item in rank(value):
        form = get_knowledge().forms[item.form].profile
        if {"liability_entity", "liability_cooperatie_ua"} & {n.code for n in item.reasons}:
            assert value.exclude_private_liability and advice.excludes_private_liability(value, form)
        if value.exclude_private_liability and not item.blocked:
            assert advice.excludes_private_liability(value, form)
            assert not (form.founding == "notarial_or_limited" and not value.notary_ok)


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_when_no_form_meets_all_hard_wishes_there_is_always_a_way_out_or_every_form_is_named(value):
    ranking = rank(value)
    assert len(ranking) == len(advice.FORMS)
    if not advice.hard_wishes_met(ranking):
        assert advice.ways_out(value, get_knowledge().profiles)


# --- Minimum founders by law -----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_a_form_that_needs_two_founders_never_ranks_first_with_one(value):
    ranking = rank(dataclasses.replace(value, founders=1))
    needs_two = {key for key, form in get_knowledge().forms.items() if form.profile.min_founders >= 2}
    assert {advice.VERENIGING, advice.COOPERATIE, advice.VOF, advice.MAATSCHAP, advice.CV} <= needs_two
    assert ranking[0].form not in needs_two or ranking[0].blocked
    for item in ranking:
        if item.form in needs_two:
            assert item.blocked and any(n.code == "blocked_founders" for n in item.warnings)


def test_the_founders_rule_says_it_follows_the_law():
    text = get_knowledge().notes["blocked_founders"]
    assert "volgens de wet" in text.text.nl and "by law" in text.text.en


# --- The lightest form: a collaboration agreement between equal partners ----------------------


def test_the_collaboration_agreement_is_in_the_knowledge_file_and_distinct_from_the_contract_for_services():
    knowledge = get_knowledge()
    agreement = knowledge.forms[advice.COLLABORATION_AGREEMENT]
    assert agreement.profile.kind == "agreement" and agreement.profile.founding == "none"
    assert "gelijkwaardige partners" in agreement.name.nl
    assert "7:400 BW" in knowledge.forms[advice.AGREEMENT].facts["purpose"].text.nl
    assert set(advice.FORMS) == set(knowledge.forms)


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_every_form_appears_once_in_the_ranking(value):
    assert sorted(item.form for item in rank(value)) == sorted(advice.FORMS)


def test_a_structural_collaboration_is_not_penalised_for_staying_light():
    item = by_form(rank(intake()))[advice.COLLABORATION_AGREEMENT]
    assert "structural_agreement" not in codes(item)
    assert "structural_collaboration_agreement" in codes(item)
    assert not item.blocked and item.score > 1
    # No penalty: its points are only the lightness bonus.
    heaviest = max(profile.heaviness for profile in get_knowledge().profiles)
    assert item.points == advice.POINTS["lightness_step"] * heaviest


def test_equal_partners_working_together_briefly_get_the_collaboration_agreement_first():
    ranking = rank(intake(duration="incidental"))
    assert ranking[0].form == advice.COLLABORATION_AGREEMENT
    assert "dba_check" not in codes(ranking[0])


def test_the_comparison_page_and_the_api_include_the_collaboration_agreement(client, empty_cache):
    html = client.get(reverse("legalforms:comparison")).content.decode()
    assert get_knowledge().forms[advice.COLLABORATION_AGREEMENT].name.nl in html
    body = {**intake().to_dict()}
    body.pop("tax_preference")
    response = client.post("/api/v1/legal-forms/advice", body, content_type="application/json")
    forms = [item["form"] for item in response.json()["ranking"]]
    assert sorted(forms) == sorted(advice.FORMS) and advice.COLLABORATION_AGREEMENT in forms


def test_choosing_the_collaboration_agreement_labels_the_agreement_between_equal_partners(personas):
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    services.legal_form_advice_save(access=access, intake=intake(), chosen_form=advice.COLLABORATION_AGREEMENT)
    with translation.override("nl"):
        label = _legal_form_advice(personas.collaboration)
    assert label.startswith("Samenwerkingsovereenkomst") and "opdracht" not in label
    services.legal_form_advice_save(access=access, intake=intake(), chosen_form=advice.AGREEMENT)
    with translation.override("nl"):
        assert _legal_form_advice(personas.collaboration) == "Overeenkomst van opdracht"


# --- Taxes, the third determinant ----------------------------------------------------------


def _parse_before():
    for line in BEFORE.read_text().splitlines():
        if line.startswith("#"):
            continue
        head, tail = line.split("|")
        duration, founders, kind, purpose, silent, free, profit = head.split(",")
        value = Intake(
            duration=duration,
            founders=int(founders),
            founder_kind=kind,
            purpose=purpose,
            exclude_private_liability=False,
            notary_ok=True,
            silent_investors=silent == "1",
            free_profession=free == "1",
            profit_to_members=profit == "1",
        )
        yield value, tail


def test_without_the_tax_answer_the_ranking_is_exactly_as_before_the_question():
    # Rankings saved before issue #13 for every intake that the other rules leave alone;
    # the new form is the only addition.
    cases = list(_parse_before())
    assert len(cases) == 240
    for value, before in cases:
        now = " ".join(
            f"{i.form}:{i.score}:{i.points}" for i in rank(value) if i.form != advice.COLLABORATION_AGREEMENT
        )
        assert now == before, value


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_without_the_tax_answer_the_tax_rule_changes_nothing(value):
    value = dataclasses.replace(value, tax_preference=None)
    with mock.patch.object(advice, "_taxes", lambda *args: None):
        without_rule = rank(value)
    assert rank(value) == without_rule


@settings(max_examples=200, deadline=None)
@given(intakes, st.sampled_from(advice.TAX_PREFERENCES))
def test_the_tax_answer_moves_each_form_by_the_tax_points_only(value, preference):
    before = by_form(rank(dataclasses.replace(value, tax_preference=None)))
    after = by_form(rank(dataclasses.replace(value, tax_preference=preference)))
    for form, item in after.items():
        regime = get_knowledge().forms[form].profile.tax_regime
        fits = (regime == "partners") == (preference == "income_tax")
        delta = advice.POINTS["tax_match"] if fits else advice.POINTS["tax_mismatch"]
        assert item.points - before[form].points == delta
        assert item.blocked == before[form].blocked


def test_income_tax_for_the_partners_favours_a_partnership_and_corporate_tax_a_bv():
    income = by_form(rank(intake(purpose="financial_benefit", tax_preference="income_tax")))
    corporate = by_form(rank(intake(purpose="financial_benefit", tax_preference="corporate_tax")))
    assert "tax_partners_match" in codes(income[advice.MAATSCHAP])
    assert "tax_entity_mismatch" in codes(income[advice.BV])
    assert "tax_entity_match" in codes(corporate[advice.BV])
    assert rank(intake(purpose="financial_benefit", tax_preference="corporate_tax"))[0].form == advice.BV
    text = get_knowledge().notes["tax_partners_match"].text.nl
    assert "ondernemersaftrek" in text and "mkb-winstvrijstelling" in text


def test_an_intake_saved_before_the_tax_question_still_loads():
    data = intake().to_dict()
    del data["tax_preference"]
    assert Intake.from_dict(data) == intake()


def test_a_wrong_tax_answer_is_refused():
    with pytest.raises(ValueError):
        intake(tax_preference="vat")


# --- The coöperatie: only UA excludes member liability (art. 2:55-56 BW) ---------------------


def test_the_cooperatie_liability_is_stated_precisely():
    knowledge = get_knowledge()
    fact = knowledge.forms[advice.COOPERATIE].facts["liability"].text.nl
    for phrase in (ART_55_56, "tegenover de coöperatie", "gelijk deel", "tenzij de statuten", "nooit", "UA"):
        assert phrase in fact
    for code in ("liability_cooperatie_ua", "cooperatie_member_liability"):
        text = knowledge.notes[code].text.nl
        assert ART_55_56 in text and "volledig aansprakelijk" not in text
    assert "UA" in knowledge.notes["liability_cooperatie_ua"].text.nl


# --- "Project" is about duration, not one-off ------------------------------------------------


def test_a_two_year_project_is_a_longer_time_and_a_short_one_is_left_to_the_partners(personas):
    collaboration = personas.collaboration
    collaboration.duration_kind = DurationKind.PROJECT
    collaboration.planned_end_date = collaboration.created_at.date() + datetime.timedelta(days=730)
    assert duration_from_collaboration(collaboration) == "structural"
    collaboration.planned_end_date = collaboration.created_at.date() + datetime.timedelta(days=90)
    assert duration_from_collaboration(collaboration) is None
    collaboration.planned_end_date = None
    assert duration_from_collaboration(collaboration) is None
    collaboration.duration_kind = DurationKind.STRUCTURAL
    assert duration_from_collaboration(collaboration) == "structural"


def test_the_advice_page_of_a_two_year_project_starts_from_a_longer_time(client, personas, empty_cache):
    collaboration = personas.collaboration
    collaboration.duration_kind = DurationKind.PROJECT
    collaboration.planned_end_date = datetime.date.today() + datetime.timedelta(days=2 * 365)
    collaboration.save(update_fields=["duration_kind", "planned_end_date"])
    client.force_login(personas.alice)
    html = client.get(reverse("legalforms:collaboration_advice", args=[collaboration.pk])).content.decode()
    assert re.search(r'value="structural"[^>]*checked', html)
    assert not re.search(r'value="incidental"[^>]*checked', html)


def test_a_project_is_never_labelled_one_off():
    with translation.override("nl"):
        assert "eenmalig" not in str(DurationKind.PROJECT.label)
    with translation.override("en"):
        assert "one-off" not in str(DurationKind.PROJECT.label)


# --- The pages and the API say when no form meets all hard wishes ------------------------------


def test_the_advice_page_says_at_the_top_that_no_form_meets_all_hard_wishes(client, empty_cache):
    query = {"duration": "structural", "founders": "3", "founder_kind": "natural", "purpose": "common_goal",
             "exclude_private_liability": "on"}  # fmt: skip
    html = client.get(reverse("legalforms:advice"), query).content.decode()
    knowledge = get_knowledge()
    message = knowledge.notes["no_form_meets"].text.nl
    assert message in html
    assert html.index(message) < html.index('class="ranking-list"')
    assert knowledge.notes["way_out_notary"].text.nl.replace("'", "&#x27;") in html
    assert knowledge.notes["way_out_liability"].text.nl in html


def test_the_advice_page_shows_no_such_message_when_a_form_fits(client, empty_cache):
    query = {"duration": "structural", "founders": "3", "founder_kind": "natural", "purpose": "common_goal",
             "notary_ok": "on"}  # fmt: skip
    html = client.get(reverse("legalforms:advice"), query).content.decode()
    assert get_knowledge().notes["no_form_meets"].text.nl not in html


def test_a_collaboration_whose_answers_meet_no_form_offers_no_choice(client, personas, empty_cache):
    client.force_login(personas.alice)
    query = {"duration": "structural", "founders": "3", "founder_kind": "natural", "purpose": "common_goal",
             "exclude_private_liability": "on"}  # fmt: skip
    url = reverse("legalforms:collaboration_advice", args=[personas.collaboration.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert get_knowledge().notes["no_form_meets"].text.nl in html and 'name="chosen_form"' not in html


def test_the_api_says_when_no_form_meets_all_hard_wishes(client, empty_cache):
    body = intake(exclude_private_liability=True, notary_ok=False).to_dict()
    response = client.post(
        "/api/v1/legal-forms/advice", body, content_type="application/json", headers={"accept-language": "en"}
    )
    data = response.json()
    assert response.status_code == 200
    assert data["hard_wishes_met"] is False
    assert data["notice"] == get_knowledge().notes["no_form_meets"].text.en
    assert len(data["ways_out"]) == 2
    fits = client.post("/api/v1/legal-forms/advice", intake().to_dict(), content_type="application/json").json()
    assert fits["hard_wishes_met"] is True and fits["notice"] is None and fits["ways_out"] == []


def test_the_api_accepts_the_tax_answer_and_refuses_a_wrong_one(client, empty_cache):
    url = "/api/v1/legal-forms/advice"
    body = intake(purpose="financial_benefit").to_dict()
    with_tax = client.post(url, {**body, "tax_preference": "corporate_tax"}, content_type="application/json")
    assert with_tax.status_code == 200 and with_tax.json()["ranking"][0]["form"] == advice.BV
    assert client.post(url, {**body, "tax_preference": "vat"}, content_type="application/json").status_code == 422
    body.pop("tax_preference")
    without = client.post(url, body, content_type="application/json").json()
    with_null = client.post(url, {**body, "tax_preference": None}, content_type="application/json").json()
    assert without == with_null


# --- Annual accounts in the reliability check come from the same knowledge --------------------


def test_the_reliability_check_reads_the_annual_accounts_from_the_legal_form_knowledge():
    knowledge = get_knowledge()
    with translation.override("nl"):
        annual, notes = annual_accounts_for("Stichting")
        assert annual is None and notes == [knowledge.annual_accounts["turnover_threshold"].text.nl]
        for phrase in (
            "2:360 lid 3 BW",
            "netto-omzet",
            "twee opeenvolgende boekjaren",
            "€ 7,5 miljoen",
            "balanstotaal",
        ):
            assert phrase in notes[0]
        assert annual_accounts_for("Vereniging met volledige rechtsbevoegdheid")[1] == notes
        annual, notes = annual_accounts_for("Besloten Vennootschap")
        assert annual.startswith(knowledge.annual_accounts["file"].text.nl) and notes == []
        assert annual_accounts_for("Eenmanszaak") == (None, [knowledge.annual_accounts["none"].text.nl])
        assert annual_accounts_for("Kerkgenootschap") == (None, [])


def test_the_registry_and_the_comparison_agree_on_every_compared_form():
    knowledge = get_knowledge()
    names = {"Besloten Vennootschap": "bv", "Coöperatie": "cooperatie", "Stichting": "stichting",
             "Vereniging": "vereniging", "Vennootschap onder firma": "vof", "Maatschap": "maatschap",
             "Commanditaire Vennootschap": "cv"}  # fmt: skip
    for name, form in names.items():
        assert knowledge.annual_accounts_rule(name) == knowledge.forms[form].profile.annual_accounts


def test_the_comparison_states_the_legal_threshold_and_where_the_guide_differs():
    for form in (advice.STICHTING, advice.VERENIGING):
        text = get_knowledge().forms[form].facts["administration"].text.nl
        assert "2:360 lid 3 BW" in text and "netto-omzet" in text and "De gids noemt" in text
