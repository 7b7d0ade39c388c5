"""The pure rules of merging blind canvases (businessmodel/merge.py)."""

from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.businessmodel import merge
from samenwerkwijzer.businessmodel.models import Block

ALPHA, BETA, GAMMA = merge.Writer(1, "Alpha"), merge.Writer(2, "Beta"), merge.Writer(3, "Gamma")


def test_each_line_is_a_note_without_its_bullet_and_empty_lines_are_dropped():
    text = "- Samen inkopen.\n\n  • Eén loket  \r\n* Verse waar\n-Klanten\n   \n"
    assert merge.split_notes(text) == ["Samen inkopen.", "Eén loket", "Verse waar", "Klanten"]


def test_a_minus_before_a_number_is_not_a_bullet():
    assert merge.split_notes("-5 % kosten\n- -10 uur") == ["-5 % kosten", "-10 uur"]


def test_nothing_written_gives_no_notes():
    assert merge.split_notes(None) == []
    assert merge.split_notes("") == []
    assert merge.split_notes("-\n•\n  *  ") == []


def test_a_line_longer_than_a_note_is_shortened():
    (note,) = merge.split_notes("x" * 800)
    assert len(note) == merge.NOTE_LIMIT
    assert note.endswith("…")


def test_notes_compare_without_case_accents_punctuation_and_whitespace():
    assert merge.normalise("Samen  inkopen.") == merge.normalise("samen-inkopén!")
    assert merge.normalise("Één loket") == merge.normalise("een loket")
    assert merge.normalise("Samen inkopen") != merge.normalise("Samen verkopen")


def test_notes_of_punctuation_only_stay_apart():
    assert merge.normalise("?") != merge.normalise("!")


def test_per_block_what_everyone_wrote_what_only_some_wrote_and_what_is_already_on_the_canvas():
    canvases = [
        (ALPHA, {"value_propositions": "- Samen sneller leveren.\n- Eén loket", "channels": "Website"}),
        (BETA, {"value_propositions": "samen sneller leveren\nVerse waar\neen loket"}),
        (GAMMA, {"value_propositions": "Samen sneller leveren!\nVerse waar"}),
    ]
    joint = {"value_propositions": ["EEN LOKET"]}
    value, channels = merge.differences(["value_propositions", "channels"], canvases, joint)

    assert [note.text for note in value.common] == ["Samen sneller leveren."]
    assert [(note.text, note.writer_names) for note in value.partial] == [
        ("Eén loket", ["Alpha", "Beta"]),
        ("Verse waar", ["Beta", "Gamma"]),
    ]
    assert [note.text for note in value.already] == ["Eén loket"]
    assert [note.text for note in value.notes if note.preselected] == ["Samen sneller leveren."]
    # Each organisation's own wording stays in its own column.
    assert [text for text, _note in dict(value.columns)[BETA]] == ["samen sneller leveren", "Verse waar", "een loket"]
    assert [(note.text, note.writer_names) for note in channels.partial] == [("Website", ["Alpha"])]
    assert dict(channels.columns)[GAMMA] == ()


def test_a_point_written_twice_in_one_canvas_counts_once():
    (block,) = merge.differences(["channels"], [(ALPHA, {"channels": "Website\nwebsite."}), (BETA, {})], {})
    assert [(note.text, note.writer_names, note.everyone) for note in block.notes] == [("Website", ["Alpha"], False)]
    assert len(dict(block.columns)[ALPHA]) == 1


def test_a_note_is_found_by_any_wording_that_compares_equal():
    (block,) = merge.differences(["channels"], [(ALPHA, {"channels": "Website"})], {})
    assert block.find("  WEBSITE. ").text == "Website"
    assert block.find("Nieuwsbrief") is None


def test_the_blocks_come_in_the_order_asked():
    result = merge.differences(Block.values, [(ALPHA, {})], {})
    assert [block.block for block in result] == Block.values
    assert all(block.notes == () for block in result)


lines = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), max_size=8)


@given(lines)
def test_splitting_the_joined_notes_again_gives_the_same_notes(parts):
    notes = merge.split_notes("\n".join(parts))
    assert merge.split_notes("\n".join(notes)) == notes
    assert all(note and note == note.strip() and len(note) <= merge.NOTE_LIMIT for note in notes)


@given(st.text(max_size=60))
def test_normalising_twice_changes_nothing(text):
    assert merge.normalise(merge.normalise(text)) == merge.normalise(text)


@given(st.text(max_size=40).filter(lambda t: any(c.isalnum() for c in t)), st.sampled_from(["", " ", ".", "!", "\t"]))
def test_punctuation_whitespace_and_case_around_a_note_do_not_matter(text, extra):
    assert merge.normalise(extra + text.upper() + extra) == merge.normalise(text.lower())
