"""Search by name through the databases' text indexes: found as people type it, and exact."""

import random

import pytest
from django.db import connection
from django.utils import translation

from samenwerkwijzer.directory import matching, name_search, names, search
from samenwerkwijzer.directory.models import DirectoryEntry, DirectoryNameWord

from .factories import make_entry

pytestmark = pytest.mark.django_db


def find(text, profile=None, *, limit=20, offset=0, rings=None):
    query, problem = names.parse_query(text)
    assert problem is None
    return search.run(profile or matching.Profile(), limit=limit, offset=offset, rings=rings or {}, name=query)


def found_names(page):
    return [result.name for result in page.results]


def test_typed_the_way_people_type_it():
    make_entry(name="Bakkerij Van der Molen B.V.", pc4="3511", refresh=False)
    make_entry(name="Molenaar Installatietechniek", pc4="1011", refresh=False)
    make_entry(name="Café 't Hoekje", trade_names="Hoekje Zalen;Bakkerij Hoekje", refresh=False)
    make_entry(name="Jansen Transport")
    assert found_names(find("bakkerij vd molen"))[0] == "Bakkerij Van der Molen B.V."
    assert found_names(find("molen bakkerij"))[0] == "Bakkerij Van der Molen B.V."  # word order
    assert found_names(find("bakkerij moolen"))[0] == "Bakkerij Van der Molen B.V."  # a typo
    assert found_names(find("cafe hoekje")) == ["Café 't Hoekje"]  # accents
    assert found_names(find("van der molen"))[:2] == ["Bakkerij Van der Molen B.V.", "Molenaar Installatietechniek"]
    page = find("bakkerij")
    assert found_names(page) == ["Bakkerij Van der Molen B.V.", "Café 't Hoekje"]  # a trade name counts
    assert page.total == 2
    trade = page.results[1].reasons[0]
    assert trade.kind == "name" and trade.values["name"] == "Bakkerij Hoekje"
    with translation.override("en"):
        assert "trade name" in search.reason_text(trade)
    assert found_names(find("zzzzqqq")) == []


def test_the_profile_filters_still_filter_and_the_profile_orders_equal_names():
    far = make_entry(name="Bakkerij Jansen", pc4="9711", refresh=False)  # Groningen
    near = make_entry(name="Bakkerij Jansen", pc4="3512", refresh=False)  # Utrecht
    make_entry(name="Bakkerij Jansen", pc4="3511", size="500+", refresh=False)
    bouw = make_entry(name="Jansen Bouw", pc4="3511", sbi_codes="41000")
    page = find("bakkerij jansen", matching.Profile(pc4="3511", sizes=frozenset({matching.SIZE_INDEX["5-9"]})))
    # Only the rows with both words (the nearer before the further); the size filters.
    assert [result.entry_id for result in page.results] == [near.pk, far.pk]
    assert page.total == 2
    # Without any row holding both words, the rows holding one of them, nearest first.
    one_word = find("jansen zwzwzw", matching.Profile(pc4="3511"))
    assert one_word.total == 4 and one_word.results[-1].entry_id == far.pk
    assert bouw.pk in [result.entry_id for result in one_word.results]
    assert page.results[0].distance_km < page.results[1].distance_km
    within = find("jansen", matching.Profile(pc4="3511", max_km=20.0, sbi=search.expand_sbi(["41"])))
    assert found_names(within) == ["Jansen Bouw"]


def test_the_text_index_follows_every_change():
    entry = make_entry(name="Oude Naam Holding")
    entry.name = "Nieuwe Naam Holding"
    entry.save()
    assert found_names(find("nieuwe naam")) == ["Nieuwe Naam Holding"]
    assert found_names(find("oude")) == []
    assert DirectoryNameWord.objects.filter(word="nieuwe").exists()
    entry.delete()
    assert found_names(find("nieuwe naam")) == []


def test_the_name_search_is_exact_against_scoring_every_row():
    rng = random.Random(21)
    first = ["bakkerij", "molen", "jansen", "vries", "transport", "advies", "bouw", "groen", "techniek", "zorg"]
    places = ["utrecht", "zeist", "houten", "amersfoort"]
    for index in range(300):
        words = rng.sample(first, rng.randint(1, 3)) + ([rng.choice(places)] if rng.random() < 0.4 else [])
        make_entry(
            name=" ".join(word.capitalize() for word in words),
            pc4=rng.choice(["3511", "3512", "3701", "3991", "3811", "1011"]),
            offers=rng.sample(matching.CATEGORIES, 1),
            needs=rng.sample(matching.CATEGORIES, 1),
            trade_names="Groen Advies" if index % 37 == 0 else "",
            refresh=False,
        )
    make_entry(name="Laatste")
    queries = [
        "bakkerij",
        "bakerij molen",
        "vries advies zeist",
        "jan",
        "tarnsport bouw",
        "groen",
        "techniek zorg x",
        "groen advies bouw",  # also across a name and a trade name
        "qqq zzzz",
    ]
    profiles = [
        matching.Profile(),
        matching.Profile(pc4="3511"),
        matching.Profile(pc4="3511", max_km=15.0, needs=matching.mask_of(["logistiek"])),
    ]
    for text in queries:
        query, _problem = names.parse_query(text)
        for profile in profiles:
            for limit, offset in ((5, 0), (20, 0), (10, 10)):
                page = search.run(profile, limit=limit, offset=offset, rings={}, name=query)
                expected = name_search.scan(query, profile, want=offset + limit, rings={})[offset:]
                assert [(r.entry_id, r.score) for r in page.results] == expected, (text, profile, offset)


@pytest.mark.parametrize("filters_first", [True, False])
def test_reading_the_filters_first_gives_the_same_pages(monkeypatch, filters_first):
    """With a radius or a sector the rows the filters leave may be read first and the words tested
    on their name text (``_profile_first``): the same pages as through the text index, and as
    scoring every row."""
    rng = random.Random(5)
    words = ["holding", "jansen", "jong", "zorg", "bouw", "advies", "hold"]
    for index in range(160):
        make_entry(
            name=" ".join(rng.sample(words, rng.randint(1, 3))).title() + (" B.V." if index % 3 else ""),
            pc4=rng.choice(["3511", "3512", "3701", "3991", "1011"]),
            sbi_codes=rng.choice(["86101", "74101", "41201", "86101;74101"]),
            trade_names="De Jonge Zorg" if index % 17 == 0 else "",
            refresh=False,
        )
    make_entry(name="Laatste")
    monkeypatch.setattr(name_search, "_profile_first", lambda *args: filters_first)
    profiles = [
        matching.Profile(pc4="3511", max_km=10.0),
        matching.Profile(pc4="3511", max_km=40.0, sbi=search.expand_sbi(["86"])),
        matching.Profile(sbi=search.expand_sbi(["74"]), needs=matching.mask_of(["logistiek"])),
    ]
    for text in ("holding", "jong zorg", "hold jansen bouw", "jonge", "hlding advies"):
        query, _problem = names.parse_query(text)
        for profile in profiles:
            page = search.run(profile, limit=10, offset=0, rings={}, name=query)
            assert page.strategy.endswith("-filters-first") == filters_first or page.strategy == "name-none"
            expected = name_search.scan(query, profile, want=10, rings={})
            assert [(r.entry_id, r.score) for r in page.results] == expected, (text, profile)


def test_the_filters_are_read_first_when_they_leave_fewer_rows_than_the_words():
    for index in range(30):
        make_entry(name=f"Holding {index}", pc4="1011" if index else "3511", refresh=False)
    make_entry(name="Bakkerij Holding", pc4="3511")
    near_utrecht = matching.Profile(pc4="3511", max_km=5.0)
    page = find("holding", near_utrecht)
    if connection.vendor == "sqlite":
        assert page.strategy == "name-level-1-filters-first"  # 2 rows near Utrecht, 31 holdings
    assert sorted(found_names(page)) == ["Bakkerij Holding", "Holding 0"]
    assert find("bakkerij", near_utrecht).strategy == "name-level-1"  # 1 bakery, 2 rows near Utrecht


def test_every_row_a_word_scores_in_is_pre_selected():
    # A word with a typo finds the dictionary words one edit away, and only whole words.
    make_entry(name="Schildersbedrijf Klaassen", refresh=False)
    make_entry(name="Klaasen Hout", refresh=False)
    make_entry(name="Klaas Vaak")
    assert sorted(found_names(find("klaassen"))) == ["Klaasen Hout", "Schildersbedrijf Klaassen"]
    assert found_names(find("klaassen"))[0] == "Schildersbedrijf Klaassen"  # the exact word first
    assert DirectoryEntry.objects.count() == 3


def test_on_postgresql_a_prefix_becomes_the_dictionarys_whole_words(monkeypatch):
    """GIN finds whole words by exact look-ups; a prefix that stands for few dictionary words is
    asked as those words (the same rows), one that stands for many stays a prefix."""
    from samenwerkwijzer.directory import name_index

    for name in ("Jansen Bouw", "Janssens Advies", "Jan Groen", "Bakkerij Jansma"):
        make_entry(name=name, refresh=False)
    make_entry(name="Laatste")
    groups = [[("jans", True), ("jams", False)], [("groen", False)]]
    expanded = name_index.whole_words(groups)
    if connection.vendor != "postgresql":
        assert expanded == groups  # FTS5 keeps its prefix indexes
        return
    assert expanded == [
        [("jansen", False), ("jansma", False), ("janssens", False), ("jams", False)],
        [("groen", False)],
    ]
    monkeypatch.setattr(name_index, "WHOLE_WORDS_UP_TO", 2)
    assert name_index.whole_words(groups) == groups
    assert sorted(found_names(find("jans"))) == [
        "Bakkerij Jansma",
        "Jan Groen",
        "Jansen Bouw",
        "Janssens Advies",
    ]  # "jan": one typo away


def test_the_count_through_the_text_index_leaves_the_planner_as_it_was():
    """On PostgreSQL the capped count switches sequential scans off for itself only, also inside a
    caller's transaction."""
    from django.db import transaction

    from samenwerkwijzer.directory import name_index

    for index in range(25):
        make_entry(name=f"Data Beheer {index}", refresh=False)
    make_entry(name="Data Laatste")
    with transaction.atomic():
        page = find("data beheer")
        assert page.total == 25 and len(page.results) == 20
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW enable_seqscan")
                assert cursor.fetchone()[0] == "on"
            with name_index.through_the_text_index(), connection.cursor() as cursor:
                cursor.execute("SHOW enable_seqscan")
                assert cursor.fetchone()[0] == "off"
