"""The merge rule of a draft saved from a page loaded earlier (draft_merge.py): pure, no database."""

from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.instruments import draft_merge as m

ITEMS = ["a", "b", "c"]


def _merge(stored, loaded, posted):
    return m.merge(stored=stored, posted=posted, base=m.fingerprints(loaded, ITEMS), item_ids=ITEMS)


def test_an_answer_the_writer_did_not_touch_keeps_the_colleagues_newer_one():
    merged = _merge(stored={"a": 4, "b": 2}, loaded={"a": 1, "b": 2}, posted={"a": 1, "b": 5})
    assert merged.answers == {"a": 4, "b": 5} and merged.conflicts == []


def test_an_answer_changed_by_both_keeps_the_colleagues_and_is_a_conflict():
    merged = _merge(stored={"a": 4}, loaded={"a": 1}, posted={"a": 3, "c": "nieuw"})
    assert merged.answers == {"a": 4, "c": "nieuw"} and merged.conflicts == ["a"]


def test_both_changing_it_to_the_same_answer_is_no_conflict():
    merged = _merge(stored={"a": 4}, loaded={"a": 1}, posted={"a": 4})
    assert merged.answers == {"a": 4} and merged.conflicts == []


def test_emptying_an_answer_nobody_else_changed_empties_it_and_emptied_by_a_colleague_stays_empty():
    assert _merge(stored={"a": 1, "b": 2}, loaded={"a": 1, "b": 2}, posted={"b": 2}).answers == {"b": 2}
    assert _merge(stored={"b": 2}, loaded={"a": 1, "b": 2}, posted={"a": 1, "b": 2}).answers == {"b": 2}


def test_an_empty_text_a_missing_answer_and_none_are_the_same_answer():
    assert m.fingerprint("") == m.fingerprint(None) == m.fingerprint([]) == m.fingerprint({})
    assert m.fingerprint({"x": 1, "y": 2}) == m.fingerprint({"y": 2, "x": 1})
    assert m.fingerprint(1) != m.fingerprint("1")


def test_the_base_after_a_save_is_what_the_page_shows_except_where_it_conflicts():
    """So the writer's own next change is never taken for a colleague's, and a conflict is told again."""
    loaded = {"a": 1, "b": 2}
    first = _merge(stored={"a": 4, "b": 2}, loaded=loaded, posted={"a": 3, "b": 5})
    assert first.base["b"] == m.fingerprint(5) and first.base["a"] == m.fingerprint(1)
    second = m.merge(stored=first.answers, posted={"a": 3, "b": 6}, base=first.base, item_ids=ITEMS)
    assert second.answers == {"a": 4, "b": 6} and second.conflicts == ["a"]


def test_a_base_that_is_not_one_is_none():
    assert m.decode("") is None and m.decode("[1]") is None and m.decode('{"a": 1}') is None
    assert m.decode(m.encode({"a": "x"})) == {"a": "x"}


answers = st.dictionaries(st.sampled_from(ITEMS), st.integers(1, 3) | st.sampled_from(["", "tekst"]))


@given(stored=answers, loaded=answers, posted=answers)
def test_nothing_a_colleague_saved_is_undone_and_nothing_the_writer_changed_alone_is_lost(stored, loaded, posted):
    merged = _merge(stored, loaded, posted)
    same = m.fingerprint
    for item in ITEMS:
        kept = merged.answers.get(item)
        writer_changed = same(posted.get(item)) != same(loaded.get(item))
        colleague_changed = same(stored.get(item)) != same(loaded.get(item))
        if colleague_changed and same(stored.get(item)) != same(posted.get(item)):
            assert same(kept) == same(stored.get(item))  # never undone
            assert (item in merged.conflicts) == writer_changed  # and told when both changed it
        elif writer_changed:
            assert same(kept) == same(posted.get(item))
        else:
            assert same(kept) == same(stored.get(item))


def test_the_message_says_who_when_and_what_and_that_the_own_answer_is_not_saved():
    from datetime import UTC, datetime

    from django.utils import translation

    from samenwerkwijzer.instruments import definitions as d
    from samenwerkwijzer.instruments.forms import conflict_message
    from samenwerkwijzer.instruments.services import DraftConflict

    item = d.get_instrument(d.CHECKER).item("invest_money")
    moment = datetime(2026, 12, 6, 13, 5, tzinfo=UTC)
    with translation.override("nl"):
        changed = conflict_message(DraftConflict(item=item, answer=4, changed_by="Anna", changed_at=moment))
        emptied = conflict_message(DraftConflict(item=item, answer=None, changed_by="Anna", changed_at=moment))
        unknown = conflict_message(DraftConflict(item=item, answer=4, changed_by="Een collega", changed_at=None))
    assert changed.startswith("Anna heeft dit antwoord op 6 dec. 2026, 14:05 veranderd in: “4”. Uw antwoord hier")
    assert emptied.startswith("Anna heeft dit antwoord op 6 dec. 2026, 14:05 leeggemaakt. Uw antwoord hier")
    assert unknown.startswith("Een collega heeft dit antwoord veranderd in: “4”.")
