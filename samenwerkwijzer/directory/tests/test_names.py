"""The name search's pure rules: normal form, words, typos and the score."""

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerkwijzer.directory import names

words_of = st.text(alphabet="abcdefgh", min_size=1, max_size=7)


def test_accents_case_and_punctuation_are_taken_out():
    assert names.normalise("Café 't Hoekje") == "cafe t hoekje"
    assert names.normalise("Coöperatie ZUIDAS U.A.") == "cooperatie zuidas u a"
    assert names.normalise("Straße & Søn") == "strasse son"


def test_tussenvoegsels_legal_forms_and_abbreviations_are_left_out_or_spelled_out():
    assert names.words("Bakkerij Van der Molen B.V.") == ["bakkerij", "molen"]
    assert names.words("bakkerij vd molen") == ["bakkerij", "molen"]
    assert names.words("Gebr. Bakker & Zn.") == ["gebroeders", "bakker", "zonen"]
    assert names.words("Installatiebedrijf de Vries vof") == ["installatiebedrijf", "vries"]


def test_the_stored_text_keeps_each_name_apart_between_spaces():
    text = names.search_text("Bakkerij Van der Molen", ["Molen Brood", "bakkerij van der molen"])
    assert text == " bakkerij molen | molen brood "
    assert names.vocabulary(text) == {"bakkerij", "molen", "brood"}
    assert names.search_text("B.V.") == ""


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("a", "at least 2"),
        ("x" * 201, "at most 200"),
        ("!!! ?? --", "letters or digits"),
        ("de van B.V.", "common words"),
    ],
)
def test_a_query_without_anything_to_search_for_is_refused_with_a_reason(typed, problem):
    with translation.override("en"):
        query, message = names.parse_query(typed)
    assert query is None
    assert problem in message


def test_a_query_keeps_its_words_in_order_and_at_most_eight():
    query, problem = names.parse_query("  bakkerij  vd   MOLEN ")
    assert problem is None
    assert query.words == ("bakkerij", "molen")
    assert query.text == "bakkerij vd MOLEN"
    many, _problem = names.parse_query(" ".join(f"woord{index}" for index in range(12)))
    assert len(many.words) == names.MAX_WORDS


def _distance(first, second):
    """Optimal string alignment distance, written the long way for the test."""
    rows = [[0] * (len(second) + 1) for _ in range(len(first) + 1)]
    for i in range(len(first) + 1):
        rows[i][0] = i
    for j in range(len(second) + 1):
        rows[0][j] = j
    for i in range(1, len(first) + 1):
        for j in range(1, len(second) + 1):
            cost = first[i - 1] != second[j - 1]
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@settings(max_examples=300, deadline=None)
@given(words_of, words_of)
def test_one_edit_apart_is_a_distance_of_exactly_one(first, second):
    assert names.one_edit_apart(first, second) == (_distance(first, second) == 1)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcde", min_size=4, max_size=6), words_of)
def test_the_typo_variants_are_exactly_the_words_one_edit_away(word, other):
    assert (other in names.typo_variants(word)) == names.one_edit_apart(word, other)
    assert all(names.one_edit_apart(word, variant) for variant in names.typo_variants(word))


def test_the_score_counts_whole_words_beginnings_and_typos():
    stored = names.search_text("Bakkerij Van der Molen")
    assert names.score(("bakkerij", "molen"), stored).score == 100
    assert names.score(("molen", "bakkerij"), stored).score == 100  # word order does not matter
    assert names.score(("bakk", "molen"), stored).score == 90
    assert names.score(("bakkerij", "moolen"), stored).score == 80  # one typo: 0.6
    assert names.score(("bakkerij", "molen", "utrecht"), stored).score == pytest.approx(66.7)
    assert names.score(("mol",), stored).score == 80
    assert names.score(("olen",), stored).score == 60  # one letter missing: a typo
    assert names.score(("len",), stored).score == 0  # the middle of a word is no match
    assert names.score(("bal",), stored).score == 0  # too short for a typo


def test_the_best_of_the_names_counts():
    stored = names.search_text("Jansen Holding", ["Bakkerij De Molen"])
    assert names.score(("bakkerij", "molen"), stored).score == 100
    assert names.score(("jansen", "molen"), stored).score == 50  # not two halves of different names
    shown, match = names.best_name(("molen",), ["Jansen Holding", "Bakkerij De Molen"])
    assert shown == "Bakkerij De Molen"
    assert match.exact == 1
