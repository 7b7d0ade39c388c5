"""canvas_merge: the chosen notes of a revealed blind canvas round go onto the joint canvas, once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenwerkwijzer.businessmodel.models import Canvas, CanvasChange, CanvasNote
from samenwerkwijzer.businessmodel.services_merge import canvas_merge
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import access_for, open_round, revealed_round

from .access_matrix_merge import blind_canvas_round

pytestmark = pytest.mark.django_db


def _merge(personas, round_, chosen, user=None):
    user = user or personas.bob
    return canvas_merge(access=access_for(user, personas.collaboration), round=round_, chosen=chosen, user=user)


def _joint(personas):
    return list(
        CanvasNote.objects.filter(canvas__collaboration=personas.collaboration)
        .order_by("block", "position")
        .values_list("block", "text", "organisation_name", "position", "source")
    )


def test_the_chosen_notes_go_onto_the_joint_canvas_with_the_organisation_that_wrote_them(personas):
    round_ = blind_canvas_round(personas)
    canvas = Canvas.objects.create(collaboration=personas.collaboration)
    CanvasNote.objects.create(
        canvas=canvas, block="key_partners", text="Bank", position=4, organisation_name="Alpha Bakkerij"
    )

    added = _merge(
        personas,
        round_,
        {"value_propositions": ["samen sneller leveren", "Verse waar elke ochtend"], "key_partners": ["De gemeente"]},
    )

    assert [note.text for note in added] == ["Samen sneller leveren.", "Verse waar elke ochtend", "De gemeente"]
    assert _joint(personas) == [
        ("key_partners", "Bank", "Alpha Bakkerij", 4, ""),
        ("key_partners", "De gemeente", "Alpha Bakkerij", 5, "merge:1"),
        ("value_propositions", "Samen sneller leveren.", "Alpha Bakkerij", 0, "merge:1"),
        ("value_propositions", "Verse waar elke ochtend", "Beta Transport", 1, "merge:1"),
    ]
    assert added[1].organisation == personas.beta and added[1].created_by == personas.bob
    changes = list(CanvasChange.objects.filter(canvas=canvas).order_by("revision"))
    assert [(c.action, c.block, c.after, c.details, c.organisation_name, c.user) for c in changes] == [
        ("merge", "value_propositions", "Samen sneller leveren.", {"round": 1}, "Beta Transport", personas.bob),
        ("merge", "value_propositions", "Verse waar elke ochtend", {"round": 1}, "Beta Transport", personas.bob),
        ("merge", "key_partners", "De gemeente", {"round": 1}, "Beta Transport", personas.bob),
    ]
    canvas.refresh_from_db()
    assert canvas.revision == 3
    assert [c.note_id for c in changes] == [note.pk for note in added]


def test_merging_twice_or_a_note_already_on_the_canvas_adds_nothing_twice(personas):
    round_ = blind_canvas_round(personas)
    canvas = Canvas.objects.create(collaboration=personas.collaboration)
    CanvasNote.objects.create(canvas=canvas, block="revenue_streams", text="bezorg-abonnement", organisation_name="X")
    chosen = {
        "value_propositions": ["Samen sneller leveren.", "SAMEN SNELLER LEVEREN"],
        "revenue_streams": ["Bezorgabonnement"],
    }

    assert [note.text for note in _merge(personas, round_, chosen)] == ["Samen sneller leveren."]
    assert _merge(personas, round_, chosen, user=personas.alice) == []
    assert CanvasNote.objects.filter(canvas=canvas).count() == 2
    assert CanvasChange.objects.filter(canvas=canvas).count() == 1


def test_observers_cannot_merge(personas):
    round_ = blind_canvas_round(personas)
    with pytest.raises(PermissionDenied):
        _merge(personas, round_, {"value_propositions": ["Samen sneller leveren."]}, user=personas.olivia)
    assert not CanvasNote.objects.exists()


def test_nothing_is_merged_before_every_organisation_has_submitted(personas):
    round_ = blind_canvas_round(personas, revealed=False)
    with pytest.raises(ValidationError) as error:
        _merge(personas, round_, {"value_propositions": ["Samen sneller leveren."]})
    assert error.value.message_dict == {"__all__": ["Nog niet alle organisaties hebben hun canvas ingevuld."]}
    assert not CanvasNote.objects.exists()


@pytest.mark.parametrize("which", ["other instrument", "other collaboration"])
def test_only_a_blind_canvas_round_of_the_collaboration_is_merged(personas, which):
    if which == "other instrument":
        round_ = revealed_round(personas, definitions.TIEN_BASISVRAGEN)
    else:
        round_ = blind_canvas_round(personas)
        round_.collaboration_id = personas.other_collaboration.pk
    with pytest.raises(ValidationError) as error:
        _merge(personas, round_, {"value_propositions": ["Samen sneller leveren."]})
    assert "__all__" in error.value.message_dict
    assert not CanvasNote.objects.exists()


@pytest.mark.parametrize(
    ("chosen", "key"),
    [
        ({}, "__all__"),
        ({"value_propositions": []}, "__all__"),
        ({"mission": ["Samen sneller leveren."]}, "__all__"),
        ({"value_propositions": ["Samen sneller leveren.", "Iets wat niemand schreef"]}, "value_propositions"),
    ],
)
def test_a_choice_that_is_empty_or_not_from_the_round_changes_nothing(personas, chosen, key):
    round_ = blind_canvas_round(personas)
    with pytest.raises(ValidationError) as error:
        _merge(personas, round_, chosen)
    assert list(error.value.message_dict) == [key]
    assert not CanvasNote.objects.exists()
    assert not CanvasChange.objects.exists()


def test_an_open_round_of_another_instrument_is_refused_before_the_reveal_check(personas):
    round_ = open_round(personas, definitions.CHECKER)
    with pytest.raises(ValidationError):
        _merge(personas, round_, {"channels": ["Website"]})
