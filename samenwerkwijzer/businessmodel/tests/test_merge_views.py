"""The merge page: the blind rule before the reveal, the comparison after it, and merging."""

import pytest
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.businessmodel.models import Canvas, CanvasChange, CanvasNote
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import answers_for, open_round, revealed_round, submit

from .access_matrix_merge import blind_canvas_round

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(personas, round_, collaboration=None):
    return reverse("businessmodel:merge", args=[(collaboration or personas.collaboration).pk, round_.pk])


def _state():
    return list(CanvasNote.objects.values_list("block", "text")), CanvasChange.objects.count(), Canvas.objects.count()


SECRET = "Geheime Alpha-waardepropositie"


def test_before_the_reveal_the_page_says_who_has_filled_in_and_shows_no_answer(personas):
    round_ = blind_canvas_round(
        personas, alpha={"value_propositions": SECRET, "channels": "Kanaal Alpha"}, revealed=False
    )
    for user in (personas.alice, personas.bob, personas.olivia):
        response = _client(user).get(_url(personas, round_))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Nog niet alle organisaties hebben hun canvas ingevuld" in html
        assert SECRET not in html and "Kanaal Alpha" not in html  # not even in the source
        assert "Alpha Bakkerij" in html and "nog niet ingediend" in html
        assert 'type="checkbox"' not in html


def test_before_the_reveal_a_post_changes_nothing(personas):
    round_ = blind_canvas_round(personas, alpha={"value_propositions": SECRET}, revealed=False)
    before = _state()
    response = _client(personas.alice).post(_url(personas, round_), {"value_propositions": [SECRET]})
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert _state() == before


def test_after_the_reveal_each_block_shows_the_canvases_side_by_side_with_the_differences(personas):
    round_ = blind_canvas_round(personas)
    Canvas.objects.create(collaboration=personas.collaboration).notes.create(
        block="key_partners", text="de gemeente", organisation_name="Beta Transport"
    )
    response = _client(personas.bob).get(_url(personas, round_))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Belangrijkste partners" in html and "Waardepropositie" in html
    assert "in ieders canvas" in html
    assert "alleen in het canvas van Beta Transport" in html
    assert "staat al op het gezamenlijke canvas" in html
    # Pre-checked: what everyone wrote and the joint canvas lacks; the rest is offered unticked.
    assert 'value="Samen sneller leveren." checked' in html
    assert 'value="Verse waar elke ochtend">' in html
    assert 'value="De gemeente"' not in html  # already on the joint canvas: nothing to tick


def test_merging_adds_the_ticked_notes_and_goes_to_the_joint_canvas(personas):
    round_ = blind_canvas_round(personas)
    client = _client(personas.alice)
    data = {
        "value_propositions": ["Samen sneller leveren.", "Verse waar elke ochtend"],
        "key_partners": ["De gemeente"],
    }
    response = client.post(_url(personas, round_), data)
    assert response.status_code == 302 and response.url == reverse(
        "businessmodel:canvas", args=[personas.collaboration.pk]
    )
    assert sorted(CanvasNote.objects.values_list("text", flat=True)) == [
        "De gemeente",
        "Samen sneller leveren.",
        "Verse waar elke ochtend",
    ]
    # Merged twice: nothing doubled, and the user is told so.
    response = client.post(_url(personas, round_), data, follow=False)
    assert response.status_code == 302
    assert CanvasNote.objects.count() == 3 and CanvasChange.objects.count() == 3
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1:] == ["De gekozen notities stonden al op het gezamenlijke canvas; er is niets toegevoegd."]


def test_the_success_message_counts_the_notes_added(personas):
    round_ = blind_canvas_round(personas)
    response = _client(personas.alice).post(
        _url(personas, round_), {"channels": [], "revenue_streams": ["Bezorgabonnement"]}
    )
    assert [str(m) for m in response.wsgi_request._messages] == ["1 notitie is toegevoegd aan het gezamenlijke canvas."]


def test_nothing_ticked_or_a_tampered_note_gets_a_message_and_changes_nothing(personas):
    round_ = blind_canvas_round(personas)
    before = _state()
    client = _client(personas.bob)
    response = client.post(_url(personas, round_), {})
    assert response.status_code == 400
    assert "Kies ten minste één notitie" in response.content.decode()
    response = client.post(_url(personas, round_), {"value_propositions": ["Iets wat niemand schreef"]})
    assert response.status_code == 400
    assert 'class="error-summary' in response.content.decode()
    assert _state() == before


def test_observers_see_the_revealed_canvases_but_cannot_merge(personas):
    round_ = blind_canvas_round(personas)
    client = _client(personas.olivia)
    response = client.get(_url(personas, round_))
    assert response.status_code == 200
    assert "Samen sneller leveren." in response.content.decode()
    assert 'type="checkbox"' not in response.content.decode()
    before = _state()
    assert client.post(_url(personas, round_), {"value_propositions": ["Samen sneller leveren."]}).status_code == 403
    assert _state() == before


def test_outsiders_and_other_rounds_are_not_found(personas):
    round_ = blind_canvas_round(personas)
    before = _state()
    for user in (personas.charlie, personas.dave):
        assert _client(user).get(_url(personas, round_)).status_code == 404
        assert _client(user).post(_url(personas, round_), {"channels": ["x"]}).status_code == 404
    # The round through another collaboration's address, and a round of another instrument.
    assert _client(personas.dave).get(_url(personas, round_, personas.other_collaboration)).status_code == 404
    tien = revealed_round(personas, definitions.TIEN_BASISVRAGEN)
    assert _client(personas.alice).get(_url(personas, tien)).status_code == 404
    assert _client(personas.alice).post(_url(personas, tien), {"channels": ["x"]}).status_code == 404
    assert _state() == before


def test_a_round_where_nobody_submitted_says_so(personas):
    round_ = open_round(personas, definitions.BUSINESSMODEL)
    client = _client(personas.alice)
    client.post(
        reverse("instruments:round_close", args=[personas.collaboration.pk, round_.pk]), {"reason": "Geen tijd."}
    )
    round_.refresh_from_db()
    assert round_.is_revealed()
    response = client.get(_url(personas, round_))
    assert "Geen enkele organisatie heeft in deze ronde haar canvas ingediend." in response.content.decode()


def test_the_revealed_round_links_to_merging_and_question_ten_links_to_the_canvas(personas):
    round_ = blind_canvas_round(personas)
    client = _client(personas.bob)
    detail = client.get(reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk]))
    assert _url(personas, round_) in detail.content.decode()
    assert "Samenvoegen in het gezamenlijke canvas" in detail.content.decode()

    canvas_url = reverse("businessmodel:canvas", args=[personas.collaboration.pk])
    tien = open_round(personas, definitions.TIEN_BASISVRAGEN)
    fill_in = client.get(
        reverse("instruments:round_detail", args=[personas.collaboration.pk, tien.pk])
    ).content.decode()
    assert f'href="{canvas_url}"' in fill_in and "Naar het Business Model Canvas" in fill_in
    submit(personas.alice, personas.collaboration, tien, answers_for(definitions.TIEN_BASISVRAGEN))
    submit(personas.bob, personas.collaboration, tien, answers_for(definitions.TIEN_BASISVRAGEN))
    revealed = client.get(
        reverse("instruments:round_detail", args=[personas.collaboration.pk, tien.pk])
    ).content.decode()
    assert f'href="{canvas_url}"' in revealed and "Naar het Business Model Canvas" in revealed
    assert "Samenvoegen in het gezamenlijke canvas" not in revealed


def test_the_blind_canvas_is_one_of_the_instruments_the_lead_starts(personas):
    html = (
        _client(personas.alice).get(reverse("instruments:overview", args=[personas.collaboration.pk])).content.decode()
    )
    assert 'id="instrument-businessmodel"' in html
    assert reverse("instruments:round_open", args=[personas.collaboration.pk, definitions.BUSINESSMODEL]) in html


def test_hostile_form_data_gets_a_message_never_a_server_error(personas):
    round_ = blind_canvas_round(personas)
    before = _state()
    client = _client(personas.alice)
    for value in ("\x00", "🙂" * 600, "١٢", "x" * 5000):
        response = client.post(_url(personas, round_), {"value_propositions": [value], "unknown": [value]})
        assert response.status_code == 400
    assert _state() == before
