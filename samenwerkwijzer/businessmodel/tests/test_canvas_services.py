import pytest
from django.core.exceptions import ValidationError

from samenwerkwijzer.businessmodel import services_canvas as services
from samenwerkwijzer.businessmodel.models import Block, Canvas, CanvasChange, CanvasNote
from samenwerkwijzer.collaborations.access import get_collaboration_for_user

pytestmark = pytest.mark.django_db

VP, KP = Block.VALUE_PROPOSITIONS, Block.KEY_PARTNERS


def access_of(user, personas):
    return get_collaboration_for_user(user, personas.collaboration.pk, write=True)


@pytest.fixture
def alice(personas):
    return access_of(personas.alice, personas)


@pytest.fixture
def bob(personas):
    return access_of(personas.bob, personas)


def texts(block=VP):
    return list(CanvasNote.objects.filter(block=block).values_list("text", flat=True))


def test_a_note_is_added_at_the_end_of_its_block_for_the_acting_organisation(alice, bob, personas):
    first = services.note_add(access=alice, block=VP, text="  Vers brood vóór 7 uur  ", user=personas.alice)
    second = services.note_add(access=bob, block=VP, text="Eén bestelling, één factuur", user=personas.bob)
    assert texts() == ["Vers brood vóór 7 uur", "Eén bestelling, één factuur"]
    assert (first.position, second.position) == (0, 1)
    assert second.organisation == personas.beta and second.organisation_name == personas.beta.name
    canvas = Canvas.objects.get(collaboration=personas.collaboration)
    assert canvas.revision == 2
    change = CanvasChange.objects.first()  # newest first
    assert (change.action, change.after, change.user_name, change.organisation_name) == (
        "add",
        "Eén bestelling, één factuur",
        personas.bob.display_name,
        personas.beta.name,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "leeg"), ("x" * 501, "500")],
)
def test_an_empty_or_too_long_note_is_refused_next_to_the_text(alice, personas, text, message):
    with pytest.raises(ValidationError) as error:
        services.note_add(access=alice, block=VP, text=text, user=personas.alice)
    assert message in error.value.message_dict["text"][0]
    assert not CanvasNote.objects.exists() and not CanvasChange.objects.exists()


def test_an_unknown_block_is_refused(alice, personas):
    with pytest.raises(ValidationError) as error:
        services.note_add(access=alice, block="nonsense", text="x", user=personas.alice)
    assert "block" in error.value.message_dict


def test_an_edit_from_the_current_version_is_saved_and_recorded(alice, bob, personas):
    note = services.note_add(access=alice, block=VP, text="Oud", user=personas.alice)
    edited = services.note_edit(access=bob, note_pk=note.pk, text="Nieuw", version=1, user=personas.bob)
    assert (edited.text, edited.version, edited.updated_by) == ("Nieuw", 2, personas.bob)
    change = CanvasChange.objects.first()
    assert (change.action, change.before, change.after) == ("edit", "Oud", "Nieuw")


def test_an_edit_without_a_change_records_nothing(alice, personas):
    note = services.note_add(access=alice, block=VP, text="Zelfde", user=personas.alice)
    services.note_edit(access=alice, note_pk=note.pk, text="Zelfde ", version=1, user=personas.alice)
    assert CanvasChange.objects.count() == 1 and CanvasNote.objects.get().version == 1


def test_an_edit_from_an_older_version_is_a_conflict_and_overwrites_nothing(alice, bob, personas):
    note = services.note_add(access=alice, block=VP, text="Oud", user=personas.alice)
    services.note_edit(access=alice, note_pk=note.pk, text="Van Alice", version=1, user=personas.alice)
    with pytest.raises(services.NoteConflict) as conflict:
        services.note_edit(access=bob, note_pk=note.pk, text="Van Bob", version=1, user=personas.bob)
    assert conflict.value.current.text == "Van Alice" and conflict.value.mine == "Van Bob"
    assert texts() == ["Van Alice"]


def test_editing_a_removed_note_is_a_conflict_without_a_current_note(alice, bob, personas):
    note = services.note_add(access=alice, block=VP, text="Weg", user=personas.alice)
    services.note_delete(access=alice, note_pk=note.pk, version=1, user=personas.alice)
    with pytest.raises(services.NoteConflict) as conflict:
        services.note_edit(access=bob, note_pk=note.pk, text="Toch", version=1, user=personas.bob)
    assert conflict.value.current is None and not CanvasNote.objects.exists()


def test_a_removal_keeps_the_text_in_the_history_and_closes_the_gap(alice, personas):
    notes = [services.note_add(access=alice, block=VP, text=t, user=personas.alice) for t in ("a", "b", "c")]
    services.note_delete(access=alice, note_pk=notes[0].pk, version=1, user=personas.alice)
    assert list(CanvasNote.objects.filter(block=VP).values_list("text", "position")) == [("b", 0), ("c", 1)]
    change = CanvasChange.objects.first()
    assert (change.action, change.before, change.note_id) == ("delete", "a", notes[0].pk)


def test_a_removal_of_a_note_changed_meanwhile_is_a_conflict(alice, bob, personas):
    note = services.note_add(access=alice, block=VP, text="Oud", user=personas.alice)
    services.note_edit(access=alice, note_pk=note.pk, text="Nieuw", version=1, user=personas.alice)
    with pytest.raises(services.NoteConflict):
        services.note_delete(access=bob, note_pk=note.pk, version=1, user=personas.bob)
    assert texts() == ["Nieuw"]


def revision(personas):
    return Canvas.objects.get(collaboration=personas.collaboration).revision


def test_a_note_moves_up_and_down_within_its_block(alice, personas):
    a, _b, c = (services.note_add(access=alice, block=VP, text=t, user=personas.alice) for t in "abc")
    services.note_move(access=alice, note_pk=c.pk, revision=revision(personas), direction="up", user=personas.alice)
    assert texts() == ["a", "c", "b"]
    services.note_move(access=alice, note_pk=a.pk, revision=revision(personas), direction="down", user=personas.alice)
    assert texts() == ["c", "a", "b"]
    change = CanvasChange.objects.first()
    assert change.action == "move" and change.details == {"direction": "down", "from_position": 0, "to_position": 1}


def test_moving_the_first_note_up_changes_nothing(alice, personas):
    a = services.note_add(access=alice, block=VP, text="a", user=personas.alice)
    before = revision(personas)
    services.note_move(access=alice, note_pk=a.pk, revision=before, direction="up", user=personas.alice)
    assert revision(personas) == before


def test_a_note_moves_to_the_end_of_another_block(alice, personas):
    a, _b = (services.note_add(access=alice, block=VP, text=t, user=personas.alice) for t in "ab")
    services.note_add(access=alice, block=KP, text="k", user=personas.alice)
    services.note_move(access=alice, note_pk=a.pk, revision=revision(personas), to_block=KP, user=personas.alice)
    assert texts(KP) == ["k", "a"] and texts(VP) == ["b"]
    assert CanvasNote.objects.get(text="b").position == 0
    assert CanvasChange.objects.first().details == {"from_block": VP, "to_block": KP}


def test_moving_to_the_block_it_is_in_changes_nothing(alice, personas):
    a = services.note_add(access=alice, block=VP, text="a", user=personas.alice)
    before = revision(personas)
    services.note_move(access=alice, note_pk=a.pk, revision=before, to_block=VP, user=personas.alice)
    assert revision(personas) == before


def test_a_move_from_an_older_revision_is_a_conflict(alice, bob, personas):
    _a, b = (services.note_add(access=alice, block=VP, text=t, user=personas.alice) for t in "ab")
    seen = revision(personas)
    services.note_add(access=bob, block=VP, text="c", user=personas.bob)
    with pytest.raises(services.CanvasConflict) as conflict:
        services.note_move(access=alice, note_pk=b.pk, revision=seen, direction="up", user=personas.alice)
    assert conflict.value.revision == seen + 1 and texts() == ["a", "b", "c"]


@pytest.mark.parametrize(("direction", "to_block", "field"), [("sideways", "", "direction"), ("", "nope", "block")])
def test_a_move_without_a_valid_direction_or_block_is_refused(alice, personas, direction, to_block, field):
    a = services.note_add(access=alice, block=VP, text="a", user=personas.alice)
    with pytest.raises(ValidationError) as error:
        services.note_move(
            access=alice,
            note_pk=a.pk,
            revision=revision(personas),
            direction=direction,
            to_block=to_block,
            user=personas.alice,
        )
    assert field in error.value.message_dict


def test_prefill_adds_what_is_known_once_and_says_its_source(alice, personas, monkeypatch):
    from samenwerkwijzer.businessmodel import prefill

    suggestions = [
        prefill.Suggestion(VP, "Samen leveren we vóór 7 uur", prefill.SELF_CHECK),
        prefill.Suggestion(VP, "samen leveren  we vóór 7 uur", prefill.SELF_CHECK),  # the same, differently typed
        prefill.Suggestion(VP, "   ", prefill.SELF_CHECK),
        prefill.Suggestion(VP, "Al op het canvas", prefill.SELF_CHECK),
    ]
    monkeypatch.setattr(prefill, "suggestions_for", lambda access, block: suggestions)
    services.note_add(access=alice, block=VP, text="Al op het canvas", user=personas.alice)
    added = services.canvas_prefill(access=alice, block=VP, user=personas.alice)
    assert [n.text for n in added] == ["Samen leveren we vóór 7 uur"]
    assert added[0].source == "prefill:self_check" and added[0].organisation == personas.alpha
    assert CanvasChange.objects.first().action == "prefill"
    assert services.canvas_prefill(access=alice, block=VP, user=personas.alice) == []


def test_prefill_of_an_unknown_block_is_refused(alice, personas):
    with pytest.raises(ValidationError):
        services.canvas_prefill(access=alice, block="nope", user=personas.alice)
