import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samenwerkwijzer.directory import matching, search
from samenwerkwijzer.directory.benchmark import Generator
from samenwerkwijzer.directory.importer import import_csv


def profile(**fields):
    return matching.Profile(**fields)


def test_complementarity_counts_both_ways():
    wanted = profile(needs=matching.mask_of(["logistiek"]), offers=matching.mask_of(["vakkennis", "netwerk"]))
    they = matching.pair_of(matching.mask_of(["logistiek", "personeel"]), matching.mask_of(["netwerk"]))
    assert matching.complementarity(wanted, they) == matching.W_NEED + matching.W_OFFER


def test_distance_points_fall_to_zero_at_the_radius():
    assert matching.distance_points(0, 20) == matching.W_DISTANCE
    assert matching.distance_points(10, 20) == matching.W_DISTANCE / 2
    assert matching.distance_points(30, 20) == 0
    assert matching.distance_points(None, 20) == 0


def test_a_code_matches_its_sub_codes_only():
    assert matching.sbi_matches(["49"], ["49410"]) == [("49410", "49")]
    assert matching.sbi_matches(["4941"], ["49410", "49420"]) == [("49410", "4941")]
    assert matching.sbi_matches(["494"], ["4951"]) == []
    assert matching.sbi_range("49") == ("49", "4:")


def test_adjacent_sbi_ranges_are_merged():
    assert search.sbi_ranges(search.expand_sbi(["C"])) == [("10", "34")]
    assert search.sbi_ranges(["49", "52100"]) == [("49", "5"), ("52100", "52101")]
    assert search.sbi_ranges(["19", "2"]) == [("19", "3")]


def test_a_section_letter_stands_for_its_divisions():
    assert search.expand_sbi(["H"]) == ("49", "50", "51", "52", "53")
    assert search.expand_sbi(["49", "4941"]) == ("49",)


def test_the_reasons_name_what_matches():
    from django.utils import translation

    translation.activate("en")
    wanted = profile(
        sbi=("49",),
        needs=matching.mask_of(["logistiek"]),
        offers=matching.mask_of(["vakkennis"]),
        sizes=frozenset({2}),
        specialisms=frozenset({"koeltransport"}),
    )
    reasons = matching.explain(
        wanted,
        mask_pair=matching.pair_of(matching.mask_of(["logistiek"]), matching.mask_of(["vakkennis"])),
        km=14.2,
        sbi_codes=["49410"],
        size=2,
        chain=4,
        specialisms=["koeltransport"],
        ring=2,
        via=["Beta Transport"],
    )
    texts = [search.reason_text(reason) for reason in reasons]
    assert "you need logistics — they offer it" in texts
    assert "they need expertise and know-how — you bring it" in texts
    assert "sector 49410 within your 49" in texts
    assert "14 km" in texts and "size fits (5-9 working persons)" in texts
    assert "specialism: koeltransport" in texts and "via Beta Transport" in texts
    translation.activate("nl")
    assert "u zoekt logistiek — zij bieden het" in [search.reason_text(reason) for reason in reasons]
    translation.deactivate()


@pytest.fixture
def small_directory(db, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    path = tmp_path / "directory.csv"
    Generator(seed=11).write_csv(path, 600)
    import_csv(str(path))
    # Re-importing the first rows renews their SBI and specialism rows: child ids no longer
    # follow entry ids, as in a directory that has lived through several imports.
    again = tmp_path / "again.csv"
    again.write_text("".join(path.read_text().splitlines(keepends=True)[:151]))
    import_csv(str(again))


@pytest.mark.parametrize(
    ("small", "level_fetch", "cap"),
    [(0, 0, 1000), (0, 15, 1000), (0, 15, 25), (5000, 4000, 1000)],
    ids=["bands", "bands-and-whole-levels", "capped-total", "small-or-blocks"],
)
def test_the_search_equals_scoring_every_row(small_directory, monkeypatch, small, level_fetch, cap):
    """The planned search (statistics, blocks, early stop) gives exactly the brute-force answer."""
    from samenwerkwijzer.directory.models import DirectoryEntry

    monkeypatch.setattr(search, "SMALL", small)
    monkeypatch.setattr(search, "LEVEL_FETCH_MAX", level_fetch)
    monkeypatch.setattr(search, "TOTAL_CAP", cap)
    whole_levels = []
    rare_levels = search._rare_levels
    monkeypatch.setattr(
        search, "_rare_levels", lambda *args: whole_levels.append(rare_levels(*args)) or whole_levels[-1]
    )
    rows = [
        matching.Row(
            id=pk,
            pc4=pc4,
            size=size,
            chain=chain,
            mask_pair=mask,
            sbi_codes=tuple(sbi.split(";")),
            specialisms=tuple(tags.split(";")) if tags else (),
        )
        for pk, pc4, size, chain, mask, sbi, tags in DirectoryEntry.objects.values_list(
            "pk", "pc4", "size_class", "chain", "mask_pair", "sbi_codes", "specialisms"
        )
    ]
    for wanted, offset in Generator(seed=3).profiles(40):
        page = search.run(wanted, limit=10, offset=offset)
        distances = search.distances_from(wanted.pc4).km if wanted.pc4 else None
        total, best = matching.brute_force(wanted, rows, distances, want=page.offset + 10)
        assert [(r.entry_id, r.score) for r in page.results] == [(i, round(v, 1)) for i, v in best[page.offset :]]
        assert page.total == min(total, cap)
    if small == 0:
        assert any(whole_levels) == bool(level_fetch), "the variant takes the path it is meant to test"


def test_without_a_postcode_the_lowest_entry_ids_win_also_from_the_sbi_rows(small_directory, monkeypatch):
    """Equal scores are ordered by entry id, not by the id of the SBI row they were read from."""
    from django.db.models import Count

    from samenwerkwijzer.directory.models import DirectoryEntry, DirectorySbi

    monkeypatch.setattr(search, "SMALL", 0)
    code = DirectorySbi.objects.values("code").annotate(n=Count("id")).order_by("-n")[0]["code"]
    wanted = matching.Profile(sbi=(code,), needs=matching.mask_of(["logistiek"]))
    page = search.run(wanted, limit=10)
    assert page.strategy.startswith("blocks-sbi")
    rows = [
        matching.Row(pk, pc4, size, chain, mask, tuple(sbi.split(";")), ())
        for pk, pc4, size, chain, mask, sbi in DirectoryEntry.objects.values_list(
            "pk", "pc4", "size_class", "chain", "mask_pair", "sbi_codes"
        )
    ]
    _total, best = matching.brute_force(wanted, rows, None, want=10)
    assert [(r.entry_id, r.score) for r in page.results] == [(i, round(v, 1)) for i, v in best]


@pytest.mark.parametrize("cap", [5, 30, 1000])
def test_counting_from_the_nearest_areas_outwards_adds_up_to_the_capped_total(small_directory, monkeypatch, cap):
    from samenwerkwijzer.directory.models import DirectoryEntry, DirectorySbi

    monkeypatch.setattr(search, "TOTAL_CAP", cap)
    radius = search.distances_from("3511").nearest(120.0)
    stats = search.load_stats()
    # The statistics promise every row (selectivity 1) but the filters leave far fewer: many runs.
    entries = DirectoryEntry.objects.filter(size_class__in=[1, 2])
    expected = min(entries.filter(pc4__in=radius).count(), cap)
    assert search._count_capped(entries, "pk", radius, stats, 1.0, distinct=False) == expected
    sections = DirectorySbi.objects.filter(code__gte="4", code__lt="5")  # entries with two such codes repeat
    expected = min(sections.filter(pc4__in=radius).values("entry_id").distinct().count(), cap)
    assert search._count_capped(sections, "entry_id", radius, stats, 1.0, distinct=True) == expected


@settings(max_examples=60, deadline=None)
@given(
    needs=st.integers(0, 255),
    offers=st.integers(0, 255),
    their_offers=st.integers(0, 255),
    their_needs=st.integers(0, 255),
    km=st.floats(0, 400),
    fraction=st.floats(0, 1),
)
def test_the_score_never_exceeds_the_upper_bound_of_its_block(needs, offers, their_offers, their_needs, km, fraction):
    wanted = profile(pc4="3511", needs=needs, offers=offers)
    pair = matching.pair_of(their_offers, their_needs)
    value = matching.score(wanted, mask_pair=pair, km=km)
    bound = matching.complementarity(wanted, pair) + matching.distance_points(km * fraction, wanted.radius_km)
    assert value <= bound + 1e-6


@settings(max_examples=80, deadline=None)
@given(
    needs=st.integers(0, 255),
    offers=st.integers(0, 255),
    pairs=st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=6),
    areas=st.lists(st.sampled_from(["3511", "3621", "9416", "1011", "5611"]), min_size=1, max_size=6),
    max_km=st.one_of(st.none(), st.floats(1, 300)),
    wanted_tags=st.frozensets(st.sampled_from(["koeltransport", "biologisch", "horeca"]), max_size=2),
    ring=st.sampled_from([None, 1, 2]),
)
def test_the_search_scorer_gives_exactly_the_score(needs, offers, pairs, areas, max_km, wanted_tags, ring):
    wanted = profile(pc4="3511", max_km=max_km, needs=needs, offers=offers, specialisms=wanted_tags)
    km = search.distances_from("3511").km
    scorer = matching.Scorer(wanted, km)
    for pair in pairs:
        for area in areas:
            expected = matching.score(wanted, mask_pair=pair, km=km[area], specialisms=["horeca"], ring=ring)
            assert scorer(mask_pair=pair, pc4=area, specialisms=["horeca"], ring=ring) == expected


@pytest.mark.parametrize(("origin", "max_km"), [("3511", None), ("3511", 25.0), ("9416", 60.0), ("1011", 0.5)])
def test_distances_follow_the_haversine_and_keep_exactly_the_areas_within_the_radius(origin, max_km):
    from samenwerkwijzer.reference import catalog

    areas = catalog.pc4_areas()
    expected = sorted((catalog.distance_km(areas[origin], areas[code]), code) for code in areas)
    distances = search.Distances(origin)
    order = distances.nearest(max_km)
    assert set(order) == {code for km, code in expected if max_km is None or km <= max_km}
    order_km = [distances.km[code] for code in order]
    assert order_km == sorted(order_km) and order[0] == origin
    for code in list(areas)[::97]:
        assert distances.km[code] == pytest.approx(catalog.distance_km(areas[origin], areas[code]), abs=1e-9)


def test_without_a_postcode_one_specialism_is_read_from_its_own_rows_by_entry_id(small_directory, monkeypatch):
    """One wanted specialism, no postcode: every row of that specialism scores alike within a
    block, so the block's first entries by id are its best (``constant_blocks``); the page is the
    brute-force answer."""
    from django.db.models import Count

    from samenwerkwijzer.directory.models import DirectoryEntry, DirectorySpecialism

    monkeypatch.setattr(search, "SMALL", 0)
    tag = DirectorySpecialism.objects.values("tag").annotate(n=Count("id")).order_by("-n")[0]["tag"]
    rows = [
        matching.Row(pk, pc4, size, chain, mask, tuple(sbi.split(";")), tuple(tags.split(";")) if tags else ())
        for pk, pc4, size, chain, mask, sbi, tags in DirectoryEntry.objects.values_list(
            "pk", "pc4", "size_class", "chain", "mask_pair", "sbi_codes", "specialisms"
        )
    ]
    for needs in (["logistiek"], ["vakkennis", "markttoegang"]):
        wanted = matching.Profile(specialisms=frozenset({tag}), needs=matching.mask_of(needs))
        for offset in (0, 10):
            page = search.run(wanted, limit=10, offset=offset)
            assert page.strategy.startswith("blocks-tag")
            total, best = matching.brute_force(wanted, rows, None, want=offset + 10)
            assert [(r.entry_id, r.score) for r in page.results] == [(i, round(v, 1)) for i, v in best[offset:]]
            assert page.total == min(total, search.TOTAL_CAP)
