"""Two members of one organisation work on the same draft: a page loaded earlier never undoes what the
other saved since, and where both changed one question the writer is told (draft_merge.py)."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samenwerkwijzer.instruments import draft_merge, services
from samenwerkwijzer.instruments.models import AnswerSet

from .factories import access_for, open_round

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _url(personas, round_, name):
    return reverse(f"instruments:{name}", args=[personas.collaboration.pk, round_.pk])


def _base(page: str) -> str:
    return html.unescape(re.search(r'<input[^>]*name="answers_base"[^>]*value="([^"]*)"', page).group(1))


class TestService:
    def test_an_answer_the_writer_left_alone_keeps_the_colleagues_newer_one(self, personas):
        round_ = open_round(personas)
        alice, anna = (access_for(user, personas.collaboration) for user in (personas.alice, personas.anna))
        loaded = draft_merge.fingerprints({}, ["invest_money", "grade"])
        services.answers_save(access=anna, round=round_, answers={"invest_money": 4})
        saved = services.answers_save(access=alice, round=round_, answers={"grade": 6}, base=loaded)
        assert saved.answer_set.answers == {"invest_money": 4, "grade": 6} and saved.conflicts == []

    def test_a_question_both_changed_keeps_the_colleagues_answer_and_says_who_and_when(self, personas):
        round_ = open_round(personas)
        alice, anna = (access_for(user, personas.collaboration) for user in (personas.alice, personas.anna))
        services.answers_save(access=anna, round=round_, answers={"invest_money": 4})
        saved = services.answers_save(
            access=alice, round=round_, answers={"invest_money": 2, "grade": 6}, base=draft_merge.fingerprints({}, [])
        )
        assert saved.answer_set.answers == {"invest_money": 4, "grade": 6}
        [conflict] = saved.conflicts
        assert (conflict.item.id, conflict.answer, conflict.changed_by) == ("invest_money", 4, "Anna Member")
        assert conflict.changed_at is not None

    def test_a_draft_written_without_a_change_row_names_a_colleague(self, personas):
        round_ = open_round(personas)
        AnswerSet.objects.filter(round=round_, organisation=personas.alpha).update(answers={"invest_money": 5})
        with translation.override("en"):
            saved = services.answers_save(
                access=access_for(personas.alice, personas.collaboration),
                round=round_,
                answers={"invest_money": 1},
                base=draft_merge.fingerprints({}, ["invest_money"]),
            )
        [conflict] = saved.conflicts
        assert conflict.changed_by == "A colleague" and conflict.changed_at is None
        assert saved.answer_set.answers == {"invest_money": 5}


class TestPages:
    def test_an_autosave_from_an_older_page_keeps_the_colleagues_answer_and_says_so(self, personas):
        round_ = open_round(personas)
        alice, anna = _client(personas.alice), _client(personas.anna)
        base = _base(alice.get(_url(personas, round_, "round_detail")).content.decode())
        anna.post(_url(personas, round_, "round_answer"), {"invest_money": "4"}, HTTP_HX_REQUEST="true")

        # alice's page still shows no answer to invest_money; she answers the grade: nothing undone.
        answer = _url(personas, round_, "round_answer")
        response = alice.post(answer, {"grade": "6", "answers_base": base}, HTTP_HX_REQUEST="true")
        assert "Concept opgeslagen" in response.content.decode()
        stored = AnswerSet.objects.get(round=round_, organisation=personas.alpha).answers
        assert stored == {"invest_money": 4, "grade": 6}

        # The page's new base comes along: her own next change of the grade is no conflict.
        base = _base(response.content.decode())
        assert 'hx-swap-oob="true"' in response.content.decode()
        response = alice.post(answer, {"grade": "7", "answers_base": base}, HTTP_HX_REQUEST="true")
        assert "Concept opgeslagen" in response.content.decode()

        # Both changed invest_money: anna's answer stays and alice reads whose it is.
        response = alice.post(answer, {"grade": "7", "invest_money": "2", "answers_base": base}, HTTP_HX_REQUEST="true")
        text = response.content.decode()
        assert "Niet opgeslagen" in text and "Anna Member" in text and "“4”" in text
        assert AnswerSet.objects.get(round=round_, organisation=personas.alpha).answers == {
            "invest_money": 4,
            "grade": 7,
        }

    def test_saving_shows_both_answers_and_saving_again_replaces_the_colleagues_knowingly(self, personas):
        round_ = open_round(personas)
        alice, anna = _client(personas.alice), _client(personas.anna)
        base = _base(alice.get(_url(personas, round_, "round_detail")).content.decode())
        anna.post(_url(personas, round_, "round_answer"), {"invest_money": "4", "save": "1"})

        answer = _url(personas, round_, "round_answer")
        response = alice.post(answer, {"invest_money": "2", "grade": "6", "answers_base": base, "submit": "1"})
        page = response.content.decode()
        assert response.status_code == 409  # not on to the check page: first this
        assert "Anna Member" in page and "“4”" in page and "niet opgeslagen" in page and "veranderd in" in page
        assert re.search(r'name="invest_money" id="[^"]*" value="2" checked', page)  # what alice chose, still chosen
        assert AnswerSet.objects.get(round=round_, organisation=personas.alpha).answers == {
            "invest_money": 4,
            "grade": 6,
        }

        response = alice.post(answer, {"invest_money": "2", "grade": "6", "answers_base": _base(page), "save": "1"})
        assert response.status_code == 302
        assert AnswerSet.objects.get(round=round_, organisation=personas.alpha).answers == {
            "invest_money": 2,
            "grade": 6,
        }
