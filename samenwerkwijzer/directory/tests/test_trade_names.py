"""Synthetic Dutch company names and the name query mixes of the benchmark."""

import csv
import random
import re
import time
from collections import Counter

import pytest

from samenwerkwijzer.directory import trade_names
from samenwerkwijzer.directory.benchmark import Generator
from samenwerkwijzer.directory.importer import HEADER_WITH_TRADE_NAMES, parse_row


def _osa_distance(a: str, b: str) -> int:
    """Edits (substitution, deletion, insertion, adjacent transposition) between two words."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@pytest.fixture(scope="module")
def rows():
    generator = Generator(seed=20260101)
    return [generator.row(index) for index in range(20_000)]


@pytest.fixture(scope="module")
def names(rows):
    return [row[1] for row in rows]


def test_the_same_seed_gives_the_same_names_and_another_seed_other_names():
    first = [Generator(seed=5).row(index)[1:] for index in range(300)]
    assert first == [Generator(seed=5).row(index)[1:] for index in range(300)]
    assert first != [Generator(seed=6).row(index)[1:] for index in range(300)]


def test_names_do_not_change_the_other_columns_of_a_row():
    """The names have a stream of their own: kvk number, SBI, size, place... are as before names."""
    with_names = Generator(seed=9)
    without = Generator(seed=9)
    without.names = trade_names.NameGenerator(random.Random("another stream"))
    differ = 0
    for index in range(200):
        one, other = with_names.row(index), without.row(index)
        assert one[0] == f"{10000000 + index:08d}"
        assert one[:1] + one[2:9] == other[:1] + other[2:9]
        differ += one[1] != other[1]
    assert differ > 150, "the names themselves do differ"


def test_every_row_is_accepted_by_the_importer(rows):
    for row in rows[:3000]:
        entry, problem = parse_row(row, HEADER_WITH_TRADE_NAMES)
        assert problem is None, (row, problem)
        assert entry["name"] == row[1]
    assert all(row[1] and len(row[1]) <= 200 for row in rows)
    assert all(len(extra) <= 200 for row in rows for extra in row[9].split(";"))


def test_names_look_dutch_and_repeat_realistically(rows, names):
    text = "\n".join(names)
    counts = {
        surname: len(re.findall(rf"\b{re.escape(surname)}\b", text, flags=re.IGNORECASE))
        for surname in ("de Jong", "Jansen", "Koster", "Renes")
    }
    assert counts["de Jong"] > 500 and counts["Jansen"] > 300, "the most common surnames repeat a lot"
    assert counts["de Jong"] > 2 * counts["Koster"] > 2 * counts["Renes"] > 0
    repeated = [name for name, count in Counter(names).items() if count > 1]
    assert len(repeated) > 200, "some full names occur more than once"
    assert any(" Van der " in name or name.startswith("Van der ") for name in names)
    assert any(" in 't " in name or name.startswith("In 't ") for name in names)
    for word in ("B.V.", "V.O.F.", "Holding B.V.", "& Zn.", "Gebr.", "Coöperatie", "Café"):
        assert word in text, word
    assert sum(name != trade_names.strip_accents(name) for name in names) > 100, "some names have accents"
    with_extra = [row for row in rows if row[9]]
    assert 0.2 < len(with_extra) / len(rows) < 0.3
    assert all(row[1] not in row[9].split(";") for row in with_extra)


def test_the_trade_word_comes_from_the_companys_own_sbi_code():
    generator = trade_names.NameGenerator(random.Random(1))
    bakers = " ".join(generator.name("10710", "1011") for _name in range(300))
    assert "Bakkerij" in bakers or "Banketbakkerij" in bakers
    hairdressers = " ".join(generator.name("96210", "2011") for _name in range(300))
    assert "Kapsalon" in hairdressers and "Bakkerij" not in hairdressers
    florists = {generator.trade_word("47761") for _word in range(300)}
    assert {"Bloemsierkunst", "Bloemen", "Bloemen en Planten"} <= florists
    haarlem = " ".join(generator.name("96210", "2011") for _name in range(2000))
    assert "Haarlem" in haarlem


def test_the_benchmark_mix_has_every_kind_evenly(names):
    queries = trade_names.name_queries(random.Random(1), names, 600)
    kinds = Counter(kind for _text, kind in queries)
    assert set(kinds) == set(trade_names.QUERY_KINDS)
    assert set(kinds.values()) == {100}
    assert queries == trade_names.name_queries(random.Random(1), names, 600)


def test_each_query_kind_changes_the_name_as_it_says(names):
    existing = set(names)
    plain = {trade_names.strip_accents(name) for name in names}
    for text, kind in trade_names.name_queries(random.Random(2), names, 1200):
        assert text.strip() and len(text) <= 200
        if kind == "exact":
            assert text in existing
        elif kind == "typo":
            count = len(text.split())
            sources = [n for n in existing if abs(len(n) - len(text)) <= 1 and len(n.split()) == count]
            assert any(_one_edit_in_one_word(name, text) for name in sources), text
        elif kind == "dropped_word":
            words = text.split()
            assert any(len(n.split()) > len(words) and set(words) <= set(n.split()) for n in existing), text
        elif kind == "accents_lost":
            assert text in plain or any(accented in text for accented in trade_names.ACCENTED.values())
        elif kind == "abbreviation":
            assert any(short in text for short in ("vd ", "v.d. ", "Gebr", "& Z")) or f"{text} B.V." in existing
        else:
            assert kind == "swapped"  # the swapped order may itself be another company's name
            words = sorted(text.split())
            assert any(words == sorted(_without_suffix(n)) for n in existing), text


def _without_suffix(name: str) -> list[str]:
    words = name.split()
    while words and (words[-1] in trade_names.LEGAL_WORDS or words[-1] == "&"):
        words.pop()
    return words


def _one_edit_in_one_word(name: str, text: str) -> bool:
    changed = [(a, b) for a, b in zip(name.split(), text.split(), strict=True) if a != b]
    return len(changed) == 1 and _osa_distance(*changed[0]) == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Bakkerij Van der Molen", {"Bakkerij vd Molen", "Bakkerij v.d. Molen"}),
     ("Van den Berg Installatietechniek B.V.", {"vd Berg Installatietechniek B.V.",
                                                "v.d. Berg Installatietechniek B.V."}),
     ("Transportbedrijf Gebr. Bakker", {"Transportbedrijf Gebroeders Bakker"}),
     ("Jansen Advies B.V.", {"Jansen Advies"})],
)  # fmt: skip
def test_an_abbreviation_is_the_short_form_people_type(name, expected):
    for seed in range(10):
        [(text, kind)] = trade_names.name_queries(random.Random(seed), [name], 1)
        if kind == "abbreviation":
            assert text in expected
    queries = trade_names.name_queries(random.Random(0), [name], 60)
    assert {text for text, kind in queries if kind == "abbreviation"} <= expected
    if "van der" in name.lower():
        assert all("vd" in text or "v.d." in text for text, kind in queries if kind == "abbreviation")


def test_typo_dropped_word_and_swapped_order_on_a_known_name():
    name = "Installatiebedrijf Van der Molen & Zn."
    queries = trade_names.name_queries(random.Random(4), [name], 120)
    by_kind = {kind: {text for text, k in queries if k == kind} for kind in trade_names.QUERY_KINDS}
    assert by_kind["dropped_word"] == {"Van der Molen & Zn.", "Installatiebedrijf & Zn."}
    assert by_kind["swapped"] == {"Van der Molen Installatiebedrijf"}
    assert all(_one_edit_in_one_word(name, text) for text in by_kind["typo"])
    assert not by_kind["accents_lost"], "nothing to strip or add: such queries fall back to the exact name"
    assert by_kind["exact"] == {name}


def test_the_api_mix_differs_and_has_partial_queries_as_typed_in_a_search_box(names):
    queries = trade_names.name_queries(random.Random(3), names, 400, mix="api")
    kinds = Counter(kind for _text, kind in queries)
    assert kinds["partial"] > 60 and set(kinds) == {*trade_names.QUERY_KINDS, "partial"}
    benchmark = trade_names.name_queries(random.Random(3), names, 400)
    assert Counter(kind for _text, kind in benchmark) != kinds
    for text, kind in queries:
        if kind == "partial":
            assert text == text.lower() and not text.endswith(("b.v.", "v.o.f."))
            assert any(name.lower().startswith(text) for name in names), text
    with pytest.raises(ValueError):
        trade_names.name_queries(random.Random(3), names, 10, mix="other")


def test_generating_100_000_names_is_fast(capsys):
    generator = trade_names.NameGenerator(random.Random(7))
    codes = [code for code in trade_names._tables()["trade"] if len(code) == 5]
    started = time.perf_counter()
    for index in range(100_000):
        generator.company(codes[index % len(codes)], "1011", one_person=index % 5 != 0)
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n100,000 company names in {seconds:.2f} s")


def test_a_written_csv_has_the_trade_names_column(tmp_path):
    path = tmp_path / "directory.csv"
    Generator(seed=11).write_csv(path, 50)
    with open(path, encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == HEADER_WITH_TRADE_NAMES
    assert len(lines) == 51 and all(len(line) == 10 for line in lines)
    assert not any(line[1].startswith("Bedrijf 0") for line in lines[1:])
