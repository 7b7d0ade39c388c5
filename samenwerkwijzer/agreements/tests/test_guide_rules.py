"""The agreement says what the guide says: SMART is five letters, and obligations are of both kinds.

Guide 4.3: "Zorg dat de afspraken SMART geformuleerd zijn" and "de wederzijdse inspannings- en
resultaatverplichtingen".
"""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from samenwerkwijzer.agreements import checks, content, rules, sections, selectors
from samenwerkwijzer.agreements.forms import SectionEditor
from samenwerkwijzer.agreements.models import Version

from .factories import AGREEMENT, access_of, write_agreement
from .helpers import goals_post, management, url

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)
WORDING = {
    "description": "Vers brood bij vijftien zorginstellingen",
    "indicator": "aantal zorginstellingen",
    "target": "15",
    "deadline": "2026-12-01",
}


# --- SMART: the pure rules ------------------------------------------------------------


def test_a_party_that_has_not_confirmed_a_goal_is_named():
    assert rules.unconfirmed_parties({**WORDING, "confirmed_by": [1]}, [1, 2]) == [2]
    assert rules.unconfirmed_parties(WORDING, [1, 2]) == [1, 2]
    assert rules.unconfirmed_parties({**WORDING, "confirmed_by": [2, 1]}, [1, 2]) == []


def test_a_party_confirms_only_for_itself_and_others_keep_theirs_while_the_goal_is_unchanged():
    old = [{**WORDING, "confirmed_by": [2]}]
    saved = rules.carry_confirmations(old, [dict(WORDING)], organisation_id=1, own=[True])
    assert saved[0]["confirmed_by"] == [1, 2]
    unticked = rules.carry_confirmations(saved, [dict(WORDING)], organisation_id=1, own=[False])
    assert unticked[0]["confirmed_by"] == [2]


def test_changing_a_goal_asks_the_other_parties_again():
    old = [{**WORDING, "confirmed_by": [1, 2]}]
    changed = {**WORDING, "target": "20"}
    saved = rules.carry_confirmations(old, [changed], organisation_id=1, own=[True])
    assert saved[0]["confirmed_by"] == [1]
    assert rules.carry_confirmations(old, [changed], organisation_id=1, own=[False])[0]["confirmed_by"] == []


def test_a_goal_moved_to_another_row_keeps_its_confirmations():
    other = {**WORDING, "description": "Een tweede doel voor de route"}
    old = [{**WORDING, "confirmed_by": [2]}, {**other, "confirmed_by": []}]
    saved = rules.carry_confirmations(old, [other, dict(WORDING)], organisation_id=1, own=[False, False])
    assert [row["confirmed_by"] for row in saved] == [[], [2]]


# --- SMART: the check shows all five letters ---------------------------------------------------


def _data(confirmed_by):
    return {
        "parties": [{"organisation_id": 1, "name": "Bakkerij"}, {"organisation_id": 2, "name": "Vervoer"}],
        "goals": {"items": [{**WORDING, "confirmed_by": confirmed_by}]},
    }


def test_a_measurable_goal_is_not_smart_until_every_party_confirmed_it_acceptable_and_realistic():
    [check] = checks.goal_checks(_data([1]), today=TODAY)
    assert len(check.hints) == 1
    assert "Vervoer" in check.hints[0] and "Bakkerij" not in check.hints[0]
    assert check.confirmed_names == ("Bakkerij",)
    [check] = checks.goal_checks(_data([1, 2]), today=TODAY)
    assert check.hints == []


def test_a_confirmed_goal_that_is_not_measurable_is_still_not_smart():
    data = _data([1, 2])
    data["goals"]["items"][0]["target"] = "veel"
    with translation.override("en"):
        [check] = checks.goal_checks(data, today=TODAY)
    assert len(check.hints) == 1 and "measurable" in check.hints[0]


def test_the_freeze_asks_for_the_missing_confirmation(personas):
    data = {
        "parties": [{"organisation_id": personas.alpha.pk, "name": personas.alpha.name}],
        "goals": {"items": [{**WORDING, "confirmed_by": []}]},
    }
    problems = checks.freeze_problems(AGREEMENT, data, [], today=TODAY)
    assert any(p.section == "goals" and personas.alpha.name in p.message for p in problems)


def test_the_goal_help_spells_out_all_five_letters():
    with translation.override("nl"):
        text = str(sections.section_for(AGREEMENT, "goals").help)
    for word in ("specifiek", "meetbaar", "acceptabel", "realistisch", "tijdgebonden"):
        assert word in text


# --- SMART: in the browser -------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _goal():
    deadline = (timezone.localdate() + timedelta(days=90)).isoformat()
    return {**WORDING, "deadline": deadline}


def _badges(personas):
    page = _client(personas.alice).get(url(personas, "document")).content.decode()
    return page.count('badge--done">SMART'), page.count("not yet SMART") + page.count("nog niet SMART")


def test_each_party_confirms_a_goal_for_itself_and_the_badge_shows_when_all_have(personas):
    goal = _goal()
    response = _client(personas.alice).post(
        url(personas, "edit", "goals"), goals_post(0, goals=[{**goal, "confirmed": "on"}])
    )
    assert response.status_code == 302
    assert Version.objects.latest("number").data["goals"]["items"][0]["confirmed_by"] == [personas.alpha.pk]
    assert _badges(personas) == (0, 1)

    edit = _client(personas.bob).get(url(personas, "edit", "goals"))
    form = edit.context["editor"].item_formset.forms[0]
    assert personas.beta.name in str(form.fields["confirmed"].label)
    assert form.initial["confirmed"] is False  # Bob's organisation has not confirmed; Alice's tick is not his
    assert personas.alpha.name in edit.content.decode()  # who confirmed already is shown

    _client(personas.bob).post(url(personas, "edit", "goals"), goals_post(1, goals=[{**goal, "confirmed": "on"}]))
    assert sorted(Version.objects.latest("number").data["goals"]["items"][0]["confirmed_by"]) == sorted(
        [personas.alpha.pk, personas.beta.pk]
    )
    assert _badges(personas) == (1, 0)

    # Bob changes the target: Alice's organisation must confirm the new wording again.
    _client(personas.bob).post(
        url(personas, "edit", "goals"), goals_post(2, goals=[{**goal, "target": "20", "confirmed": "on"}])
    )
    assert Version.objects.latest("number").data["goals"]["items"][0]["confirmed_by"] == [personas.beta.pk]
    assert _badges(personas) == (0, 1)


def test_without_an_organisation_the_editor_offers_no_confirmation():
    editor = SectionEditor("goals", stored={"items": [WORDING]}, parties=[])
    assert "confirmed" not in editor.item_formset.forms[0].fields


def test_the_demo_agreement_has_confirmed_smart_goals(personas):
    write_agreement(personas)
    data = selectors.document_status(access_of(personas, "alice"), AGREEMENT).version.data
    assert all(check.hints == [] for check in checks.goal_checks(data))


# --- Obligations: effort and result, both possible -------------------------------------------


def _obligations_post(personas, base, rows):
    data = {"base_version": str(base), **management("parties", 2, 2)}
    for i, (organisation, (effort, result)) in enumerate(zip((personas.alpha, personas.beta), rows, strict=True)):
        data[f"parties-{i}-organisation_id"] = str(organisation.pk)
        data[f"parties-{i}-effort"] = effort
        data[f"parties-{i}-result"] = result
    return data


def test_a_party_can_have_an_obligation_of_effort_and_one_of_result(personas):
    rows = [("Meedenken over nieuwe afnemers", "Elke dag om 5.30 uur het brood klaar"), ("", "Elke dag één rit")]
    response = _client(personas.bob).post(url(personas, "edit", "obligations"), _obligations_post(personas, 0, rows))
    assert response.status_code == 302
    stored = Version.objects.get().data["obligations"]["parties"]
    assert [(row["effort"], row["result"]) for row in stored] == rows
    with translation.override("en"):
        blocks = content._obligations({"obligations": {"parties": stored}})
    assert [label for label, _value in blocks[0].items] == [
        "obligation of effort (inspanningsverplichting)",
        "obligation of result (resultaatverplichting)",
    ]
    assert [label for label, _value in blocks[1].items] == ["obligation of result (resultaatverplichting)"]


def test_the_obligations_form_forces_neither_kind(personas):
    response = _client(personas.bob).post(
        url(personas, "edit", "obligations"), _obligations_post(personas, 0, [("", ""), ("", "")])
    )
    assert response.status_code == 302
    page = _client(personas.bob).get(url(personas, "edit", "obligations")).content.decode()
    assert 'type="radio"' not in page


def test_obligations_saved_with_one_kind_are_read_as_that_kind():
    old = {"organisation_id": 1, "name": "Bakkerij", "kind": "result", "description": "Brood om 5.30 uur"}
    assert sections.obligation_row(old) == {
        "organisation_id": 1,
        "name": "Bakkerij",
        "effort": "",
        "result": "Brood om 5.30 uur",
    }
    effort = {**old, "kind": "effort"}
    assert sections.obligation_row(effort)["effort"] == "Brood om 5.30 uur"
    editor = SectionEditor(
        "obligations", stored={"parties": [old]}, parties=[{"organisation_id": 1, "name": "Bakkerij"}]
    )
    assert editor.party_formset.forms[0].initial["result"] == "Brood om 5.30 uur"
    with translation.override("en"):
        [block] = content._obligations({"obligations": {"parties": [old]}})
    assert block.items == [("obligation of result (resultaatverplichting)", "Brood om 5.30 uur")]
    # A party without obligations is left out of the document, never printed as "not filled in" (issue #15).
    assert content._obligations({"obligations": {"parties": [{"organisation_id": 1, "name": "B"}]}}) == []


def test_the_radar_counts_a_goal_not_every_party_confirmed_as_not_smart(personas):
    import copy

    document = write_agreement(personas)
    today = date(2026, 12, 6)
    goals = selectors.agreement_radar_data(personas.collaboration, today=today)["goals"]
    assert goals and all("acceptabel" not in " ".join(missing) for _title, missing in goals)

    version = document.current_version
    data = copy.deepcopy(version.data)
    data["goals"]["items"][0]["confirmed_by"] = [personas.alpha.pk]  # beta has not confirmed
    Version.objects.filter(pk=version.pk).update(data=data)
    with translation.override("nl"):
        goals = selectors.agreement_radar_data(personas.collaboration, today=today)["goals"]
    assert "de bevestiging van elke partij dat het acceptabel en realistisch is" in goals[0][1]
