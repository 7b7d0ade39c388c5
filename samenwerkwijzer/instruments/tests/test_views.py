import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.collaborations.services import participant_remove
from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments.models import (
    ActionItem,
    AgendaProposal,
    AnswerChange,
    AnswerSet,
    Conclusion,
    Round,
    SelfCheck,
)

from .factories import (
    action_item,
    agenda_proposal,
    checker_answers,
    governance_answers,
    match_answers,
    open_round,
    revealed_round,
    submit,
    submit_through_pages,
)

pytestmark = pytest.mark.django_db


def _client(user, language="nl"):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _round_url(personas, round_, name="round_detail"):
    return reverse(f"instruments:{name}", args=[personas.collaboration.pk, round_.pk])


class TestCheckerInTheBrowser:
    def test_two_partners_fill_in_the_checker_and_see_the_differences_only_after_both_submitted(self, personas):
        alice, bob = _client(personas.alice), _client(personas.bob)
        response = alice.post(reverse("instruments:round_open", args=[personas.collaboration.pk, d.CHECKER]))
        round_ = Round.objects.get()
        assert response.url == _round_url(personas, round_)

        page = bob.get(_round_url(personas, round_)).content.decode()
        assert "We kunnen op elkaar vertrouwen." in page and 'name="mutual_trust"' in page
        assert "<legend>" in page and "Geldt voor alle partners" in page

        response = submit_through_pages(bob, personas.collaboration, round_, checker_answers(mutual_trust=1))
        assert response.status_code == 302
        page = bob.get(_round_url(personas, round_)).content.decode()
        assert "Alpha Bakkerij" in page and "nog niet ingediend" in page
        assert 'class="score-table"' not in page and "De antwoorden naast elkaar" not in page

        alice_page = alice.get(_round_url(personas, round_)).content.decode()
        assert "ingediend" in alice_page and 'class="score-table"' not in alice_page

        submit_through_pages(alice, personas.collaboration, round_, checker_answers(mutual_trust=5))
        round_.refresh_from_db()
        assert round_.is_revealed()
        for client in (alice, bob, _client(personas.olivia)):
            page = client.get(_round_url(personas, round_)).content.decode()
            assert 'class="score-table"' in page
            assert "bespreken" in page
            # Biggest difference first: trust (1 vs 5) is the first row.
            assert page.index("We kunnen op elkaar vertrouwen.") < page.index("We zijn bereid geld")
            assert 'role="img"' in page and "<title" in page and "trend-table" in page

    def test_a_draft_is_saved_with_htmx_and_only_a_small_partial_comes_back(self, personas):
        round_ = open_round(personas)
        response = _client(personas.bob).post(
            _round_url(personas, round_, "round_answer"), {"invest_money": "2"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200 and "<html" not in response.content.decode()
        assert "opgeslagen" in response.content.decode()
        assert AnswerSet.objects.get(round=round_, organisation=personas.beta).answers == {"invest_money": 2}

    def test_a_score_out_of_range_gets_a_message_and_changes_nothing(self, personas):
        round_ = open_round(personas)
        response = _client(personas.bob).post(_round_url(personas, round_, "round_answer"), {"invest_money": "7"})
        assert response.status_code == 400
        assert "field--error" in response.content.decode()
        assert AnswerSet.objects.get(round=round_, organisation=personas.beta).answers == {}

    def test_a_missing_answer_gets_a_message_next_to_the_question(self, personas):
        round_ = open_round(personas)
        answers = checker_answers()
        del answers["grade"]
        bob = _client(personas.bob)
        response = bob.post(_round_url(personas, round_, "round_answer"), answers | {"submit": "1"})
        assert response.url == _round_url(personas, round_, "round_check")
        page = bob.get(response.url).content.decode()
        assert "Deze vraag moet beantwoord worden" in page and f'href="{_round_url(personas, round_)}#q-grade"' in page
        assert "Definitief indienen" not in page
        assert not AnswerSet.objects.get(round=round_, organisation=personas.beta).is_submitted()

    def test_submitting_twice_and_editing_after_the_reveal_are_refused(self, personas):
        round_ = open_round(personas)
        bob = _client(personas.bob)
        submit_through_pages(bob, personas.collaboration, round_, checker_answers())
        changes = AnswerChange.objects.count()
        response = bob.post(_round_url(personas, round_, "round_answer"), checker_answers(5) | {"submit": "1"})
        assert response.status_code == 400 and "al ingediend" in response.content.decode()
        submit(personas.alice, personas.collaboration, round_, checker_answers())
        response = bob.post(_round_url(personas, round_, "round_answer"), {"grade": "1"})
        assert response.status_code == 400
        assert AnswerChange.objects.count() == changes + len(checker_answers())  # alice's submission only
        assert AnswerSet.objects.get(round=round_, organisation=personas.beta).answers == checker_answers()

    def test_a_difference_goes_on_the_agenda_with_one_click(self, personas):
        round_ = revealed_round(personas, alice=checker_answers(1), bob=checker_answers(4))
        bob = _client(personas.bob)
        response = bob.post(_round_url(personas, round_, "agenda_add"), {"item_id": "shared_goal"})
        assert response.status_code == 302
        assert AgendaProposal.objects.get().item_id == "shared_goal"
        agenda = _client(personas.olivia).get(reverse("instruments:agenda", args=[personas.collaboration.pk]))
        assert "We zijn het eens over wat we willen bereiken." in agenda.content.decode()
        page = bob.get(_round_url(personas, round_)).content.decode()
        assert "op de agenda" in page

    def test_the_lead_closes_a_round_early_with_a_reason(self, personas):
        round_ = open_round(personas)
        alice = _client(personas.alice)
        response = alice.post(_round_url(personas, round_, "round_close"), {"reason": ""})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
        assert not Round.objects.get().is_revealed()
        alice.post(_round_url(personas, round_, "round_close"), {"reason": "Het overleg is morgen."})
        assert Round.objects.get().is_revealed()
        page = _client(personas.bob).get(_round_url(personas, round_)).content.decode()
        assert "Het overleg is morgen." in page
        assert AuditEvent.objects.filter(action="round_closed_early").exists()

    def test_a_partner_sends_a_reminder(self, personas, django_capture_on_commit_callbacks):
        round_ = open_round(personas)
        with django_capture_on_commit_callbacks(execute=True):
            response = _client(personas.bob).post(_round_url(personas, round_, "round_remind"))
        assert response.status_code == 302
        assert {m.to[0] for m in mail.outbox} == {"alice@example.org", "anna@example.org", "bob@example.org"}

    def test_a_reminder_with_nobody_active_left_to_write_to_is_refused(
        self, personas, django_capture_on_commit_callbacks
    ):
        round_ = open_round(personas)
        submit(personas.alice, personas.collaboration, round_, checker_answers())
        get_user_model().objects.filter(memberships__organisation=personas.beta).update(is_active=False)
        alice = _client(personas.alice)
        assert alice.get(_round_url(personas, round_)).context["can_remind"]
        with django_capture_on_commit_callbacks(execute=True):
            response = alice.post(_round_url(personas, round_, "round_remind"), follow=True)
        assert "Er is niemand om te herinneren" in response.content.decode()
        assert not mail.outbox
        assert Round.objects.get().reminded_at is None
        assert not AuditEvent.objects.filter(action="round_reminder_sent").exists()

    def test_when_the_last_organisation_still_to_answer_leaves_the_round_is_revealed(
        self, personas, django_capture_on_commit_callbacks
    ):
        round_ = open_round(personas)
        submit(personas.alice, personas.collaboration, round_, checker_answers())
        bob = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
        with django_capture_on_commit_callbacks(execute=True):
            participant_remove(access=bob, participant=personas.bob_participant)  # beta leaves before submitting
        assert Round.objects.get(pk=round_.pk).revealed_at is not None
        assert AuditEvent.objects.filter(action="round_revealed").exists()
        assert personas.alice.email in [address for message in mail.outbox for address in message.to]
        page = _client(personas.alice).get(_round_url(personas, round_))
        assert not page.context["can_remind"]

    def test_a_departure_reveals_nothing_while_others_still_have_to_answer(self, personas):
        round_ = open_round(personas)
        bob = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
        participant_remove(access=bob, participant=personas.bob_participant)  # alpha has not answered either
        assert Round.objects.get(pk=round_.pk).revealed_at is None

    def test_the_overview_shows_who_submitted_and_the_reveal_state(self, personas):
        round_ = open_round(personas)
        submit(personas.bob, personas.collaboration, round_, checker_answers())
        page = _client(personas.olivia).get(reverse("instruments:overview", args=[personas.collaboration.pk]))
        content = page.content.decode()
        assert "1 van de 2 organisaties heeft ingediend" in content
        assert "Samenwerkingschecker" in content and "Tien basisvragen" in content

    def test_the_history_shows_who_changed_what(self, personas):
        round_ = open_round(personas)
        _client(personas.anna).post(_round_url(personas, round_, "round_answer"), {"invest_money": "3"})
        page = _client(personas.alice).get(_round_url(personas, round_, "round_history")).content.decode()
        assert "Anna Member" in page and "We zijn bereid geld in de samenwerking te steken." in page

    def test_the_pages_follow_the_chosen_language(self, personas):
        round_ = open_round(personas)
        page = _client(personas.bob, "en").get(_round_url(personas, round_)).content.decode()
        assert "We can trust each other." in page and "Applies to all partners" in page


class TestTenBasicQuestions:
    def test_two_partners_writing_the_same_conclusion_lose_nothing(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        url = _round_url(personas, round_, "conclusion_save")
        alice, bob = _client(personas.alice), _client(personas.bob)
        alice.get(_round_url(personas, round_))  # both open the page before either saves
        bob.post(url, {"conclusion-q7_risks-text": "Bob: te weinig winst."})
        page = alice.post(url, {"conclusion-q7_risks-text": "Alice: te hoge kosten."}).content.decode()
        assert Conclusion.objects.get().text == "Bob: te weinig winst."
        section = page.split('id="q-q7_risks"')[1].split("</section>")[0]
        assert "Iemand anders heeft deze conclusie opgeslagen" in section
        assert "Bob: te weinig winst." in section  # theirs, to combine with
        assert ">Alice: te hoge kosten.</textarea>" in section  # hers, still in the field
        seen = section.split('name="conclusion-q7_risks-seen" value="')[1].split('"')[0]
        original = section.split('name="conclusion-q7_risks-original" value="')[1].split('"')[0]
        assert original == "Bob: te weinig winst."  # saving again starts from their version
        alice.post(
            url,
            {
                "conclusion-q7_risks-text": "Beide.",
                "conclusion-q7_risks-seen": seen,
                "conclusion-q7_risks-original": original,
            },
        )
        assert Conclusion.objects.get().text == "Beide."
        assert "Iemand anders" not in alice.get(_round_url(personas, round_)).content.decode()

    def test_a_conclusion_on_a_question_that_does_not_exist_is_ignored(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        response = _client(personas.bob).post(
            _round_url(personas, round_, "conclusion_save"), {"conclusion-nope-text": "Iets."}, follow=True
        )
        assert response.status_code == 200 and "Er was niets gewijzigd" in response.content.decode()
        assert not Conclusion.objects.exists()

    def test_conclusions_and_follow_up_actions_after_the_reveal(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        bob = _client(personas.bob)
        page = bob.get(_round_url(personas, round_)).content.decode()
        assert "Alpha Bakkerij" in page and "Beta Transport" in page and "Gezamenlijke conclusie" in page
        bob.post(
            _round_url(personas, round_, "conclusion_save"),
            {"item_id": "q9_legal_form", "conclusion-q9_legal_form-text": "Een kort contract volstaat."},
        )
        bob.post(
            _round_url(personas, round_, "action_create"),
            {
                "item_id": "q9_legal_form",
                "action-q9_legal_form-description": "Contract laten nakijken",
                "action-q9_legal_form-owner_organisation": personas.alpha.pk,
                "action-q9_legal_form-due_date": "",
            },
        )
        action = ActionItem.objects.get()
        assert action.source == "tien_basisvragen:q9_legal_form" and action.owner_organisation == personas.alpha
        page = bob.get(_round_url(personas, round_)).content.decode()
        assert "Een kort contract volstaat." in page and "Contract laten nakijken" in page
        actions = _client(personas.olivia).get(reverse("instruments:action_list", args=[personas.collaboration.pk]))
        assert "Contract laten nakijken" in actions.content.decode()
        _client(personas.alice).post(
            reverse("instruments:action_status", args=[personas.collaboration.pk, action.pk]), {"status": "done"}
        )
        assert ActionItem.objects.get().status == "done"

    def test_an_action_for_an_outside_organisation_is_refused_with_a_message(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        response = _client(personas.bob).post(
            _round_url(personas, round_, "action_create"),
            {
                "item_id": "q1_goal",
                "action-q1_goal-description": "Iets",
                "action-q1_goal-owner_organisation": personas.gamma.pk,
            },
        )
        assert not ActionItem.objects.exists()
        form = response.content.decode().split('id="action-q1_goal-form"')[1].split("</form>")[0]
        assert "data-error-summary" in form and "Selecteer een geldige keuze" in form

    def test_an_action_on_a_question_that_does_not_exist_is_refused_with_a_message(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        response = _client(personas.bob).post(
            _round_url(personas, round_, "action_create"),
            {
                "item_id": "nope",
                "action-nope-description": "Iets",
                "action-nope-owner_organisation": personas.beta.pk,
            },
            follow=True,
        )
        assert "Het actiepunt is niet toegevoegd: Deze vraag bestaat niet." in response.content.decode()
        assert not ActionItem.objects.exists()


class TestNotFound:
    """Objects are fetched from the collaboration in the URL: anything else is 404 and nothing changes."""

    def test_a_round_of_another_collaboration_is_not_found_under_ones_own(self, personas):
        round_ = open_round(personas)
        other = personas.other_collaboration.pk
        dave = _client(personas.dave)
        assert dave.get(reverse("instruments:round_detail", args=[other, round_.pk])).status_code == 404
        response = dave.post(
            reverse("instruments:round_answer", args=[other, round_.pk]), checker_answers() | {"submit": "1"}
        )
        assert response.status_code == 404
        assert not AnswerSet.objects.filter(round=round_, submitted_at__isnull=False).exists()

    def test_a_round_whose_instrument_version_no_longer_exists_is_not_found(self, personas):
        round_ = open_round(personas)
        Round.objects.filter(pk=round_.pk).update(definition_version=999)
        assert _client(personas.alice).get(_round_url(personas, round_)).status_code == 404

    def test_an_unknown_instrument_cannot_be_opened(self, personas):
        response = _client(personas.alice).post(
            reverse("instruments:round_open", args=[personas.collaboration.pk, "horoscoop"])
        )
        assert response.status_code == 404
        assert not Round.objects.exists()

    def test_the_status_of_an_action_of_another_collaboration_cannot_be_changed(self, personas):
        action = action_item(personas)
        response = _client(personas.dave).post(
            reverse("instruments:action_status", args=[personas.other_collaboration.pk, action.pk]), {"status": "done"}
        )
        assert response.status_code == 404
        assert ActionItem.objects.get().status == "open"

    def test_a_statement_of_another_collaboration_cannot_be_taken_off_its_agenda(self, personas):
        proposal = agenda_proposal(personas)
        response = _client(personas.dave).post(
            reverse("instruments:agenda_remove", args=[personas.other_collaboration.pk, proposal.pk])
        )
        assert response.status_code == 404
        assert AgendaProposal.objects.filter(pk=proposal.pk).exists()


def test_a_partner_takes_a_statement_off_the_agenda(personas):
    proposal = agenda_proposal(personas)
    bob = _client(personas.bob)
    response = bob.post(reverse("instruments:agenda_remove", args=[personas.collaboration.pk, proposal.pk]))
    assert response.status_code == 302
    assert not AgendaProposal.objects.exists()
    agenda = bob.get(response.url).content.decode()
    assert "Het punt is van de agenda gehaald." in agenda


def test_the_match_check_lays_the_scores_side_by_side(personas):
    round_ = revealed_round(personas, d.MATCHCHECK, alice=match_answers(5), bob=match_answers(2) | {"threats": "Prijs"})
    page = _client(personas.bob).get(_round_url(personas, round_)).content.decode()
    assert "Persoonlijke klik" in page and "bespreken" in page and "Prijs" in page


def test_the_governance_type_is_shown_with_its_figure(personas):
    round_ = revealed_round(
        personas, d.BESTURINGSVORM, alice=governance_answers(2, 4, 5), bob=governance_answers(1, 5, 4)
    )
    page = _client(personas.olivia).get(_round_url(personas, round_)).content.decode()
    assert "Faciliterende bureaucratie" in page
    assert "Figuur 8.1" in page and "Figuur 8.2" in page
    assert page.count('class="quadrant quadrant--active"') == 1
    assert 'class="position"' in page
    assert "Er zijn regels, maar die ondersteunen de samenwerking." in page


def test_the_governance_page_says_when_partners_land_in_different_types(personas):
    round_ = revealed_round(
        personas, d.BESTURINGSVORM, alice=governance_answers(5, 1, 5), bob=governance_answers(1, 1, 1)
    )
    page = _client(personas.bob).get(_round_url(personas, round_)).content.decode()
    assert "verschillende typen" in page


class TestSelfCheck:
    def test_a_member_fills_in_the_self_check_and_gets_the_advice_when_in_doubt(self, personas):
        anna = _client(personas.anna)
        url = reverse("instruments:self_check", args=[personas.alpha.pk])
        assert "Wat hebt u te bieden" in anna.get(url).content.decode()
        response = anna.post(
            url,
            {
                "motives": ["efficiency"],
                "motives__other": "Plezier in het werk",
                "only_together": "doubt",
                "give_up_autonomy": "yes",
                "offer_and_demand__logistiek__need": "on",
                "offer_and_demand__logistiek__need__text": "Koelwagen",
            },
        )
        assert response.status_code == 302
        answers = SelfCheck.objects.get(organisation=personas.alpha).answers
        assert answers["motives"] == {"choices": ["efficiency", "other"], "other": "Plezier in het werk"}
        assert answers["offer_and_demand"] == {"logistiek": {"need": "Koelwagen"}}
        page = anna.get(url).content.decode()
        assert "Heroverweeg dan uw plannen" in page and "een uitzendbureau inschakelen" in page

    def test_the_self_check_is_private_until_shared(self, personas):
        _client(personas.alice).post(
            reverse("instruments:self_check", args=[personas.alpha.pk]), {"added_value": "Verse-Pistolet-88"}
        )
        shares = reverse("instruments:self_check_shares", args=[personas.collaboration.pk])
        assert "Verse-Pistolet-88" not in _client(personas.bob).get(shares).content.decode()
        assert _client(personas.bob).get(reverse("instruments:self_check", args=[personas.alpha.pk])).status_code == 404
        _client(personas.alice).post(reverse("instruments:self_check_share", args=[personas.collaboration.pk]))
        for user in (personas.bob, personas.olivia):
            assert "Verse-Pistolet-88" in _client(user).get(shares).content.decode()
        assert _client(personas.dave).get(shares).status_code == 404

    def test_a_bad_number_is_refused_next_to_the_field(self, personas):
        response = _client(personas.alice).post(
            reverse("instruments:self_check", args=[personas.alpha.pk]), {"term_months": "0"}
        )
        assert response.status_code == 400 and "field--error" in response.content.decode()
        assert not SelfCheck.objects.exists()


def test_the_csv_has_a_row_per_organisation_and_question(personas):
    round_ = revealed_round(personas, alice=checker_answers(1), bob=checker_answers(4))
    response = _client(personas.olivia).get(_round_url(personas, round_, "round_csv"))
    text = response.content.decode()
    assert text.startswith("\ufeff")  # a Dutch spreadsheet program opens it as UTF-8
    lines = text.lstrip("\ufeff").strip().splitlines()
    assert lines[0] == "Instrument;Ronde;Onthuld op;Organisatie;Nummer;Hoofdstuk in de gids;Vraag;Antwoord"
    assert len(lines) == 1 + 2 * 18
    assert "Samenwerkingschecker;1;" in text and ";Beta Transport;18;6;" in text
    assert "samenwerkingschecker" not in text and "grade" not in text
    assert ".csv" in response["Content-Disposition"] and "-ronde-1-" in response["Content-Disposition"]


def test_free_text_cannot_inject_spreadsheet_formulas(personas):
    from samenwerkwijzer.lib.csv_export import neutralise

    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise("Gewoon") == "Gewoon"
