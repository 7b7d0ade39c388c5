from hypothesis import given
from hypothesis import strategies as st

from samenwerkwijzer.reference import catalog
from samenwerkwijzer.reference.checks import reference_data_is_complete

SBI = sorted(catalog.sbi_codes())
PC4 = sorted(catalog.pc4_areas())


def test_the_reference_data_passes_its_start_up_check():
    assert reference_data_is_complete(None) == []


def test_a_code_covers_its_sub_codes_but_not_its_parents():
    assert catalog.sbi_covers("49", "49410")
    assert catalog.sbi_covers("H", "49410")
    assert catalog.sbi_covers("4941", "4941")
    assert not catalog.sbi_covers("49410", "49")
    assert not catalog.sbi_covers("50", "49410")


def test_the_lineage_runs_from_section_to_code():
    assert [c.code for c in catalog.sbi_lineage("49410")] == ["H", "49", "494", "4941", "49410"]


@given(st.sampled_from(SBI))
def test_every_code_is_covered_by_its_section(code):
    assert catalog.sbi_covers(catalog.sbi_codes()[code].section, code)


@given(st.sampled_from(PC4), st.sampled_from(PC4))
def test_distance_is_symmetric_and_within_the_country(a, b):
    areas = catalog.pc4_areas()
    there = catalog.distance_km(areas[a], areas[b])
    assert there == catalog.distance_km(areas[b], areas[a])
    assert 0 <= there < 400


def test_known_distance_between_utrecht_and_amsterdam():
    areas = catalog.pc4_areas()
    assert 30 < catalog.distance_km(areas["3511"], areas["1012"]) < 40


def test_search_ranks_the_typed_number_first():
    results = catalog.sbi_search("4941")
    assert results[0].code == "4941"
    assert catalog.sbi_search("") == []
