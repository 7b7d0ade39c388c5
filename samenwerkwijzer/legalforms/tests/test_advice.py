"""The advice rules: cases from the guide's own statements, and properties over every intake."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerkwijzer.legalforms import advice
from samenwerkwijzer.legalforms.advice import Intake
from samenwerkwijzer.legalforms.knowledge import get_knowledge

PARTNERSHIPS = {advice.VOF, advice.MAATSCHAP, advice.CV}
AGREEMENTS = {advice.COLLABORATION_AGREEMENT, advice.AGREEMENT}


@pytest.fixture(scope="module")
def profiles():
    return get_knowledge().profiles


def intake(**changes) -> Intake:
    """A structural collaboration of three natural persons who share risk; nothing else asked."""
    base = {
        "duration": "structural",
        "founders": 3,
        "founder_kind": "natural",
        "purpose": "share_risk",
        "exclude_private_liability": False,
        "notary_ok": True,
        "silent_investors": False,
        "free_profession": False,
        "profit_to_members": False,
    }
    return Intake(**{**base, **changes})


def ranked(profiles, **changes) -> list[advice.RankedForm]:
    return advice.rank(intake(**changes), profiles)


def first(profiles, **changes) -> str:
    return ranked(profiles, **changes)[0].form


def position(profiles, form: str, **changes) -> int:
    return [item.form for item in ranked(profiles, **changes)].index(form)


def codes(item: advice.RankedForm) -> tuple[set[str], set[str]]:
    return {n.code for n in item.reasons}, {n.code for n in item.warnings}


def by_form(ranking) -> dict[str, advice.RankedForm]:
    return {item.form: item for item in ranking}


# --- Cases from the guide -----------------------------------------------------------------


def test_a_one_off_job_between_freelancers_is_a_contract_for_services(profiles):
    # 5.1: zzp'ers who hire each other for a job work on an "overeenkomst tot opdracht".
    ranking = ranked(profiles, duration="incidental", founders=2, purpose="financial_benefit")
    assert [item.form for item in ranking[:2]] == [advice.COLLABORATION_AGREEMENT, advice.AGREEMENT]
    assert ranking[0].score == ranking[1].score
    reasons, warnings = codes(ranking[1])
    assert "incidental_agreement" in reasons
    assert "dba_check" in warnings  # the DBA / model-agreement note belongs to the incidental form


def test_an_incidental_collaboration_never_gets_a_heavier_form_than_an_agreement(profiles):
    # Even with every fit a legal form could have, the agreement stays first for a one-off job.
    ranking = ranked(
        profiles,
        duration="incidental",
        purpose="financial_benefit",
        free_profession=True,
        silent_investors=True,
        profit_to_members=True,
    )
    assert {item.form for item in ranking[:2]} == AGREEMENTS
    for item in ranking[2:]:
        assert "heavier_than_needed_incidental" in codes(item)[1]


def test_a_partner_who_only_brings_money_puts_the_cv_first(profiles):
    # 5.2: in a cv the silent partner is only financially involved and loses at most the investment.
    ranking = ranked(profiles, founders=2, silent_investors=True)
    assert ranking[0].form == advice.CV
    assert "silent_partner_cv" in codes(ranking[0])[0]


def test_a_silent_partner_who_wants_no_private_liability_leads_to_a_bv_not_a_cv(profiles):
    ranking = ranked(profiles, founders=2, silent_investors=True, exclude_private_liability=True)
    assert ranking[0].form == advice.BV
    assert by_form(ranking)[advice.CV].blocked


def test_free_professions_work_in_a_maatschap(profiles):
    # 5.2: maatschappen are common among doctors, dentists, accountants and physiotherapists.
    assert first(profiles, free_profession=True, purpose="financial_benefit") == advice.MAATSCHAP
    assert first(profiles, free_profession=True, purpose="share_risk") == advice.MAATSCHAP


def test_scale_advantage_for_many_entrepreneurs_is_a_cooperative(profiles):
    # 5.2: snack bar owners who buy together at lower prices in a coöperatie.
    ranking = ranked(profiles, founders=25, purpose="collective_benefit", profit_to_members=True)
    assert ranking[0].form == advice.COOPERATIE
    assert {"purpose_match", "profit_cooperatie"} <= codes(ranking[0])[0]


def test_self_employed_who_want_to_appear_as_one_legal_entity_choose_a_cooperative(profiles):
    # Praktijkvoorbeeld Artishock: six self-employed specialists in a coöperatie.
    ranking = ranked(
        profiles, founders=6, purpose="collective_benefit", exclude_private_liability=True, profit_to_members=True
    )
    assert ranking[0].form == advice.COOPERATIE
    assert "liability_cooperatie_ua" in codes(ranking[0])[0]


def test_a_social_goal_is_a_foundation(profiles):
    # Comparison table: stichting — maatschappelijk, sociaal of ideëel doel.
    assert first(profiles, purpose="social_goal") == advice.STICHTING
    assert first(profiles, purpose="social_goal", founders=1) == advice.STICHTING


def test_a_common_goal_of_members_is_an_association(profiles):
    assert first(profiles, purpose="common_goal") == advice.VERENIGING


def test_sharing_risk_is_a_vof_the_lightest_form_that_fits(profiles):
    ranking = ranked(profiles)
    assert ranking[0].form == advice.VOF
    assert "light_partnership" in codes(ranking[0])[0]
    assert "private_liability_vof" in codes(ranking[0])[1]


def test_legal_entities_sharing_risk_on_a_big_project_can_use_a_vof(profiles):
    ranking = ranked(profiles, founder_kind="legal")
    assert ranking[0].form == advice.VOF
    assert "legal_persons_vof" in codes(ranking[0])[0]


def test_financial_benefit_without_private_liability_is_a_bv(profiles):
    # 5.2: a bv is set up for financial benefit and to exclude private liability.
    assert first(profiles, purpose="financial_benefit", exclude_private_liability=True) == advice.BV


def test_excluding_private_liability_rules_out_vof_maatschap_and_cv(profiles):
    ranking = ranked(profiles, exclude_private_liability=True)
    items = by_form(ranking)
    for form in PARTNERSHIPS:
        assert items[form].blocked and items[form].score == 0
        assert "blocked_private_liability" in codes(items[form])[1]
    assert ranking[0].form not in PARTNERSHIPS


def test_partnerships_and_a_cooperative_need_at_least_two_founders(profiles):
    items = by_form(ranked(profiles, founders=1))
    for form in (*PARTNERSHIPS, advice.COOPERATIE):
        assert items[form].blocked
        blocker = items[form].warnings[0]
        assert blocker.code == "blocked_founders"
        assert dict(blocker.params) == {"founders": 1, "min_founders": 2}
    assert not items[advice.BV].blocked and not items[advice.STICHTING].blocked


def test_without_a_notary_the_forms_that_need_a_deed_are_ruled_out(profiles):
    items = by_form(ranked(profiles, notary_ok=False))
    for form in (advice.BV, advice.COOPERATIE, advice.STICHTING):
        assert items[form].blocked
    # An association with limited legal capacity needs no deed: possible, with a warning.
    assert not items[advice.VERENIGING].blocked
    assert "notary_vereniging_limited" in codes(items[advice.VERENIGING])[1]
    assert "notarial_deed" not in codes(items[advice.VERENIGING])[1]


def test_a_structural_collaboration_by_mere_agreement_comes_with_the_guides_warning(profiles):
    item = by_form(ranked(profiles))[advice.AGREEMENT]
    assert "structural_agreement" in codes(item)[1]
    assert item.score >= 1 and not item.blocked


def test_profit_for_members_counts_against_a_foundation(profiles):
    items = by_form(ranked(profiles, purpose="social_goal", profit_to_members=True))
    assert "profit_stichting" in codes(items[advice.STICHTING])[1]
    assert items[advice.STICHTING].points < by_form(ranked(profiles, purpose="social_goal"))[advice.STICHTING].points


def test_the_purpose_reason_names_the_purpose(profiles):
    item = by_form(ranked(profiles, purpose="collective_benefit"))[advice.COOPERATIE]
    match = next(n for n in item.reasons if n.code == "purpose_match")
    assert dict(match.params) == {"purpose": "collective_benefit"}
    other = next(n for n in by_form(ranked(profiles))[advice.COOPERATIE].warnings if n.code == "purpose_other")
    assert dict(other.params) == {"purpose": "collective_benefit"}


def test_the_heaviness_of_the_forms_follows_their_formalities(profiles):
    heaviness = {profile.key: profile.heaviness for profile in profiles}
    assert heaviness[advice.AGREEMENT] == 0
    assert heaviness[advice.VOF] == heaviness[advice.MAATSCHAP] == heaviness[advice.CV]
    assert heaviness[advice.VOF] < heaviness[advice.VERENIGING] == heaviness[advice.STICHTING]
    assert heaviness[advice.STICHTING] < heaviness[advice.BV] == heaviness[advice.COOPERATIE]


@pytest.mark.parametrize(
    "changes",
    [
        {"duration": "weekly"},
        {"founders": 0},
        {"founders": -3},
        {"founders": True},
        {"founder_kind": "robot"},
        {"purpose": ""},
        {"notary_ok": "yes"},
    ],
)
def test_an_intake_with_a_wrong_value_is_refused(changes):
    with pytest.raises(ValueError):
        intake(**changes)


def test_an_intake_survives_a_round_trip_through_json():
    original = intake(founders=7, silent_investors=True)
    assert Intake.from_dict(original.to_dict()) == original


def test_a_ranking_survives_a_round_trip_through_json(profiles):
    ranking = ranked(profiles, founders=1, notary_ok=False)
    assert advice.ranking_from_json(advice.ranking_to_json(ranking)) == ranking


# --- Properties over every intake -----------------------------------------------------------

intakes = st.builds(
    Intake,
    duration=st.sampled_from(advice.DURATIONS),
    founders=st.integers(min_value=1, max_value=10_000),
    founder_kind=st.sampled_from(advice.FOUNDER_KINDS),
    purpose=st.sampled_from(advice.PURPOSES),
    exclude_private_liability=st.booleans(),
    notary_ok=st.booleans(),
    silent_investors=st.booleans(),
    free_profession=st.booleans(),
    profit_to_members=st.booleans(),
    tax_preference=st.sampled_from((None, *advice.TAX_PREFERENCES)),
)


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_every_form_appears_exactly_once(value):
    ranking = advice.rank(value, get_knowledge().profiles)
    assert sorted(item.form for item in ranking) == sorted(advice.FORMS)


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_scores_are_ordered_best_first_and_within_bounds(value):
    scores = [item.score for item in advice.rank(value, get_knowledge().profiles)]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= advice.MAX_SCORE for score in scores)


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_a_score_of_zero_means_ruled_out_and_ruled_out_forms_come_last(value):
    ranking = advice.rank(value, get_knowledge().profiles)
    assert all((item.score == 0) == item.blocked for item in ranking)
    blocked = [item.blocked for item in ranking]
    assert blocked == sorted(blocked)
    # The first form is ruled out only when every form is: then the page says so at the top.
    assert ranking[0].blocked == (not advice.hard_wishes_met(ranking))
    for item in ranking:
        if item.blocked:
            assert item.warnings[0].code.startswith("blocked_")


@settings(max_examples=300, deadline=None)
@given(intakes)
def test_forbidden_combinations_never_rank_first(value):
    top = advice.rank(value, get_knowledge().profiles)[0].form
    ranking = advice.rank(value, get_knowledge().profiles)
    if not advice.hard_wishes_met(ranking):
        return
    if value.exclude_private_liability:
        assert top not in PARTNERSHIPS | AGREEMENTS
    if value.founders < 2:
        assert top not in (*PARTNERSHIPS, advice.COOPERATIE, advice.VERENIGING, advice.COLLABORATION_AGREEMENT)
    if not value.notary_ok:
        assert top not in (advice.BV, advice.COOPERATIE, advice.STICHTING)
    if value.duration == "incidental" and not value.exclude_private_liability:
        assert top in AGREEMENTS


@settings(max_examples=200, deadline=None)
@given(intakes)
def test_the_ranking_is_deterministic_and_every_note_has_a_text(value):
    knowledge = get_knowledge()
    ranking = advice.rank(value, knowledge.profiles)
    assert ranking == advice.rank(value, knowledge.profiles)
    for item in ranking:
        for note in (*item.reasons, *item.warnings):
            assert note.code in advice.NOTE_CODES
            for language in ("nl", "en"):
                assert knowledge.note_text(note, language).strip()


@settings(max_examples=200, deadline=None)
@given(intakes)
def test_more_founders_than_one_never_rule_a_form_out_for_the_number(value):
    ranking = advice.rank(dataclasses.replace(value, founders=max(value.founders, 2)), get_knowledge().profiles)
    assert not any(n.code == "blocked_founders" for item in ranking for n in item.warnings)
