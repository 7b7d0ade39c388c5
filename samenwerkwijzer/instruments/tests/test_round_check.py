"""Check your answers before the irreversible "submit": the check page, the confirmation it
sends, and the marking of closed questions on which the organisations chose differently."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import services
from samenwerkwijzer.instruments.models import AnswerSet

from .factories import (
    CHECKED,
    access_for,
    checker_answers,
    open_round,
    revealed_round,
    submit,
    submit_through_pages,
    tien_answers,
)

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def _url(personas, round_, name):
    return reverse(f"instruments:{name}", args=[personas.collaboration.pk, round_.pk])


def _own(personas, round_, organisation=None):
    return AnswerSet.objects.get(round=round_, organisation=organisation or personas.beta)


def _check_and_submit_pressed(client, personas, round_, answers):
    return client.post(_url(personas, round_, "round_answer"), {**answers, "submit": "1"})


def test_the_answer_page_leads_to_the_check_page_and_only_saves_the_draft(personas):
    round_ = open_round(personas)
    bob = _client(personas.bob)
    page = bob.get(_url(personas, round_, "round_detail")).content.decode()
    assert "Controleren en indienen" in page
    response = _check_and_submit_pressed(bob, personas, round_, checker_answers(mutual_trust=2))
    assert response.status_code == 302 and response.url == _url(personas, round_, "round_check")
    own = _own(personas, round_)
    assert not own.is_submitted() and own.answers["mutual_trust"] == 2
    assert not AuditEvent.objects.filter(action="round_submitted").exists()


def test_the_check_page_shows_every_answer_the_empty_ones_and_links_back_to_each_field(personas):
    round_ = open_round(personas)
    bob = _client(personas.bob)
    answers = checker_answers(mutual_trust=2)
    del answers["grade"], answers["invest_money"]
    _check_and_submit_pressed(bob, personas, round_, answers)
    response = bob.get(_url(personas, round_, "round_check"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Controleer uw antwoorden voordat u ze indient" in page
    assert "We kunnen op elkaar vertrouwen." in page
    assert page.count("niet beantwoord") == 2
    total = len(d.get_instrument(d.CHECKER).items)
    assert f"Niet beantwoord: 2 van de {total} vragen." in page
    assert "kan uw organisatie deze antwoorden niet meer wijzigen" in page
    assert "pas als iedereen heeft ingediend" in page
    # One "Wijzigen" per question, each pointing at that question's field on the answer page.
    detail = _url(personas, round_, "round_detail")
    links = re.findall(r'<a href="([^"]+)">Wijzigen<span class="visually-hidden">', page)
    assert links == [f"{detail}#q-{item.id}" for item in d.get_instrument(d.CHECKER).items]
    answer_page = bob.get(detail).content.decode()
    assert all(f'id="{link.split("#")[1]}"' in answer_page for link in links)
    # Required questions left empty: the current rule refuses an incomplete submission, so the
    # page lists them as problems and offers no final submit.
    assert "Er is een probleem" in page and "Deze vraag moet beantwoord worden." in page
    assert "Definitief indienen" not in page and 'name="checked"' not in page
    assert "Terug naar de antwoorden" in page


def test_a_complete_draft_can_be_submitted_for_good_from_the_check_page(personas):
    round_ = open_round(personas)
    bob = _client(personas.bob)
    _check_and_submit_pressed(bob, personas, round_, checker_answers())
    page = bob.get(_url(personas, round_, "round_check")).content.decode()
    assert "U hebt alle vragen beantwoord." in page and "Definitief indienen" in page
    assert "niet beantwoord" not in page
    checked = CHECKED.search(page).group(1)
    response = bob.post(_url(personas, round_, "round_check"), {"checked": checked}, follow=True)
    assert response.redirect_chain[-1][0] == _url(personas, round_, "round_detail")
    assert "Uw antwoorden zijn ingediend" in response.content.decode()
    own = _own(personas, round_)
    assert own.is_submitted() and own.answers == checker_answers()
    assert AuditEvent.objects.filter(action="round_submitted").count() == 1


def test_the_last_submission_from_the_check_page_reveals_the_round(personas):
    round_ = open_round(personas)
    submit(personas.alice, personas.collaboration, round_, checker_answers(5))
    response = submit_through_pages(_client(personas.bob), personas.collaboration, round_, checker_answers(1))
    round_.refresh_from_db()
    assert round_.is_revealed() and response.status_code == 302


@pytest.mark.parametrize("data", [{}, {"checked": ""}, {"submit": "1"}])
def test_a_final_submit_without_the_confirmation_of_the_check_page_is_refused_and_changes_nothing(personas, data):
    round_ = open_round(personas)
    bob = _client(personas.bob)
    _check_and_submit_pressed(bob, personas, round_, checker_answers())
    before = _own(personas, round_)
    response = bob.post(_url(personas, round_, "round_check"), data)
    assert response.status_code == 400
    assert "Controleer eerst uw antwoorden op deze pagina" in response.content.decode()
    after = _own(personas, round_)
    assert not after.is_submitted() and after.answers == before.answers and after.updated_at == before.updated_at
    assert not AuditEvent.objects.filter(action="round_submitted").exists()


def test_answers_changed_by_a_colleague_after_the_check_are_not_submitted_unseen(personas):
    round_ = open_round(personas)
    bob = _client(personas.bob)
    _check_and_submit_pressed(bob, personas, round_, checker_answers())
    checked = CHECKED.search(bob.get(_url(personas, round_, "round_check")).content.decode()).group(1)
    # Meanwhile someone else of Beta Transport changes the draft.
    services.answers_save(
        access=access_for(personas.bob, personas.collaboration),
        round=round_,
        answers=checker_answers(mutual_trust=1),
    )
    response = bob.post(_url(personas, round_, "round_check"), {"checked": checked})
    page = response.content.decode()
    assert response.status_code == 400 and "De antwoorden zijn gewijzigd nadat u ze controleerde" in page
    assert not _own(personas, round_).is_submitted()
    # The page shows the new draft with a fresh confirmation; submitting that works.
    response = bob.post(_url(personas, round_, "round_check"), {"checked": CHECKED.search(page).group(1)})
    assert response.status_code == 302 and _own(personas, round_).answers["mutual_trust"] == 1


def test_forcing_a_final_submit_of_an_incomplete_draft_is_refused(personas):
    round_ = open_round(personas)
    bob = _client(personas.bob)
    answers = checker_answers()
    del answers["grade"]
    _check_and_submit_pressed(bob, personas, round_, answers)
    fingerprint = services.answers_fingerprint(_own(personas, round_).answers)
    response = bob.post(_url(personas, round_, "round_check"), {"checked": fingerprint})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sommige antwoorden hebben nog uw aandacht nodig." in page and "Deze vraag moet beantwoord worden." in page
    assert not _own(personas, round_).is_submitted()


def test_after_submitting_or_revealing_the_check_page_sends_back_to_the_round(personas):
    round_ = open_round(personas)
    bob = _client(personas.bob)
    submit_through_pages(bob, personas.collaboration, round_, checker_answers())
    for method in ("get", "post"):
        response = getattr(bob, method)(_url(personas, round_, "round_check"), follow=True)
        assert response.redirect_chain[-1][0] == _url(personas, round_, "round_detail")
        assert "niets (meer) in te dienen" in response.content.decode()
    assert AuditEvent.objects.filter(action="round_submitted").count() == 1


def test_an_organisation_that_joined_later_has_nothing_to_check(personas):
    round_ = open_round(personas)
    AnswerSet.objects.filter(round=round_, organisation=personas.beta).delete()
    response = _client(personas.bob).get(_url(personas, round_, "round_check"))
    assert response.status_code == 302 and response.url == _url(personas, round_, "round_detail")


def test_an_observer_cannot_use_the_check_page(personas):
    round_ = open_round(personas)
    assert _client(personas.olivia).get(_url(personas, round_, "round_check")).status_code == 403


class TestDifferingChoicesInTheRevealedRound:
    def test_a_closed_question_answered_differently_is_marked_and_listed(self, personas):
        round_ = revealed_round(
            personas,
            d.TIEN_BASISVRAGEN,
            alice=tien_answers("Bakkerij") | {"q1_level": "operational"},
            bob=tien_answers("Vervoerder") | {"q1_level": "tactical"},
        )
        page = _client(personas.olivia).get(_url(personas, round_, "round_detail")).content.decode()
        section = re.search(r'<section class="text-question discuss" id="q-q1_level".*?</section>', page, re.S)
        assert section and "verschilt" in section.group(0)
        assert "Operationeel" in section.group(0) and "Tactisch" in section.group(0)
        assert "De organisaties kozen verschillend bij deze vragen" in page
        assert 'href="#q-q1_level"' in page
        # Open questions are never marked by this rule, even with different texts.
        assert page.count("badge--discuss") == 1

    def test_a_closed_question_answered_alike_is_not_marked(self, personas):
        round_ = revealed_round(
            personas, d.TIEN_BASISVRAGEN, alice=tien_answers("Bakkerij"), bob=tien_answers("Vervoerder")
        )
        page = _client(personas.bob).get(_url(personas, round_, "round_detail")).content.decode()
        assert '<section class="text-question" id="q-q1_level"' in page
        assert "verschilt" not in page and "De organisaties kozen verschillend" not in page
