"""Conclusions and follow-up actions on a revealed round keep everything typed (issue #15)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments.models import ActionItem, Conclusion

from .factories import revealed_round

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def _url(personas, round_, name):
    return reverse(f"instruments:{name}", args=[personas.collaboration.pk, round_.pk])


def boxes(**texts):
    """POST data for conclusion boxes that were empty when the page was loaded."""
    data = {}
    for item_id, text in texts.items():
        data.update({f"conclusion-{item_id}-text": text, f"conclusion-{item_id}-seen": ""})
        data[f"conclusion-{item_id}-original"] = ""
    return data


def conclusions():
    return dict(Conclusion.objects.values_list("item_id", "text"))


class TestConclusions:
    def test_one_save_keeps_the_conclusion_of_every_box(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        response = _client(personas.bob).post(
            _url(personas, round_, "conclusion_save"), boxes(q1_goal="Samen inkopen.", q7_risks="Te weinig winst.")
        )
        assert response.status_code == 302
        assert conclusions() == {"q1_goal": "Samen inkopen.", "q7_risks": "Te weinig winst."}

    def test_the_round_page_has_one_form_and_one_save_button_for_all_conclusions(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        page = _client(personas.bob).get(_url(personas, round_, "round_detail")).content.decode()
        assert page.count("Conclusies opslaan") == 1
        assert page.count('<form id="conclusions-form"') == 1 and "data-warn-unsaved" in page
        assert 'name="conclusion-q1_goal-text"' in page and page.count('form="conclusions-form"') > 10

    def test_a_box_nobody_changed_is_left_alone(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        alice, bob = _client(personas.alice), _client(personas.bob)
        alice.post(_url(personas, round_, "conclusion_save"), boxes(q7_risks="Van Alice."))
        # Bob loaded the page before Alice saved, and only typed in the first box.
        response = bob.post(_url(personas, round_, "conclusion_save"), boxes(q1_goal="Van Bob.", q7_risks=""))
        assert response.status_code == 302
        assert conclusions() == {"q1_goal": "Van Bob.", "q7_risks": "Van Alice."}

    def test_a_refused_save_keeps_everything_typed_and_saves_nothing(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        response = _client(personas.bob).post(
            _url(personas, round_, "conclusion_save"), boxes(q1_goal="Samen inkopen.", q7_risks="x" * 4001)
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert not Conclusion.objects.exists()
        assert ">Samen inkopen.</textarea>" in page and "x" * 4001 in page
        assert 'id="conclusions-errors"' in page and "data-error-summary" in page
        section = page.split('id="q-q7_risks"')[1].split("</section>")[0]
        assert 'id="id_conclusion-q7_risks-text_error"' in section and 'aria-invalid="true"' in section

    def test_a_conflict_in_one_box_saves_no_box(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        _client(personas.alice).post(_url(personas, round_, "conclusion_save"), boxes(q7_risks="Van Alice."))
        response = _client(personas.bob).post(
            _url(personas, round_, "conclusion_save"), boxes(q1_goal="Van Bob.", q7_risks="Ook van Bob.")
        )
        page = response.content.decode()
        assert conclusions() == {"q7_risks": "Van Alice."}
        assert ">Van Bob.</textarea>" in page and ">Ook van Bob.</textarea>" in page
        assert "Iemand anders heeft deze conclusie opgeslagen" in page.split('id="q-q7_risks"')[1]

    def test_an_autosave_keeps_one_box_and_says_when(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        response = _client(personas.bob).post(
            _url(personas, round_, "conclusion_save"), boxes(q1_goal="Concept."), HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert "Opgeslagen om" in html and "data-autosaved" in html
        seen = Conclusion.objects.get().updated_at.isoformat()
        assert f'value="{seen}"' in html and 'name="conclusion-q1_goal-original" value="Concept."' in html
        assert conclusions() == {"q1_goal": "Concept."}

    def test_an_autosave_never_overwrites_what_somebody_else_saved(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        _client(personas.alice).post(_url(personas, round_, "conclusion_save"), boxes(q1_goal="Van Alice."))
        response = _client(personas.bob).post(
            _url(personas, round_, "conclusion_save"), boxes(q1_goal="Van Bob."), HTTP_HX_REQUEST="true"
        )
        html = response.content.decode()
        assert "Niet opgeslagen" in html and "data-autosaved" not in html
        # Still what Bob started from: refused again until he reloads and sees Alice's text.
        assert '<input type="hidden" name="conclusion-q1_goal-seen" form="conclusions-form"' in html
        assert 'name="conclusion-q1_goal-seen" value=' not in html
        assert conclusions() == {"q1_goal": "Van Alice."}


class TestFollowUpAction:
    def post(self, personas, round_, **fields):
        data = {"item_id": "q7_risks"}
        data.update({f"action-q7_risks-{name}": value for name, value in fields.items()})
        return _client(personas.bob).post(_url(personas, round_, "action_create"), data)

    def test_a_date_in_the_past_comes_back_open_in_view_with_everything_typed(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        past = (timezone.localdate() - timedelta(days=3)).isoformat()
        response = self.post(
            personas,
            round_,
            description="Risico's op een rij zetten",
            owner_organisation=personas.beta.pk,
            due_date=past,
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert not ActionItem.objects.exists()
        section = page.split('id="q-q7_risks"')[1].split("</section>")[0]
        assert '<details class="action-add" open>' in section
        form = section.split('id="action-q7_risks-form"')[1].split("</form>")[0]
        assert "Risico&#x27;s op een rij zetten" in form and f'value="{past}"' in form
        assert "data-error-summary" in form  # the summary at the top of this form, the error at its field
        assert '<ul class="errorlist" id="id_action-q7_risks-due_date_error">' in form
        # The page opens at the form, not at the top.
        assert f'{_url(personas, round_, "action_create")}#action-q7_risks-form"' in section

    def test_an_action_that_is_accepted_goes_back_to_the_question(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        response = self.post(personas, round_, description="Risico's bespreken", owner_organisation=personas.beta.pk)
        assert response.status_code == 302 and response["Location"].endswith("#q-q7_risks")
        assert ActionItem.objects.get().description == "Risico's bespreken"
