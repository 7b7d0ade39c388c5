"""The rules that flag differences between shared Zelfchecks: one test per rule, with data that
triggers it and data that does not."""

import pytest
from django.utils import translation

from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments import self_check_comparison as c
from samenwerkwijzer.instruments.self_check_comparison import Entry


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def zelfcheck():
    return definitions.get_instrument(definitions.ZELFCHECK)


def test_different_ambition_levels_are_flagged(zelfcheck):
    alpha = Entry("Alpha", {"ambition_level": "operational"})
    flags = c.ambition_levels_differ(zelfcheck, [alpha, Entry("Beta", {"ambition_level": "tactical"})])
    assert [f.rule for f in flags] == ["ambition_levels_differ"]
    assert "Alpha: operationeel" in flags[0].text and "Beta: tactisch" in flags[0].text
    assert c.ambition_levels_differ(zelfcheck, [alpha, Entry("Beta", {"ambition_level": "operational"})]) == []
    # An organisation that left the question open is no difference.
    assert c.ambition_levels_differ(zelfcheck, [alpha, Entry("Beta", {})]) == []


def test_project_versus_structural_is_flagged(zelfcheck):
    alpha = Entry("Alpha", {"duration_kind": "project"})
    flags = c.duration_kinds_differ(zelfcheck, [alpha, Entry("Beta", {"duration_kind": "structural"})])
    assert [f.rule for f in flags] == ["duration_kinds_differ"]
    assert "project" in flags[0].text and "structureel" in flags[0].text
    assert c.duration_kinds_differ(zelfcheck, [alpha, Entry("Beta", {"duration_kind": "project"})]) == []


def test_an_organisation_whose_level_differs_from_the_collaboration_is_named(zelfcheck):
    entries = [Entry("Alpha", {"ambition_level": "strategic"}), Entry("Beta", {"ambition_level": "tactical"})]
    flags = c.ambition_differs_from_collaboration(zelfcheck, entries, "tactical")
    assert len(flags) == 1 and flags[0].text.startswith("Alpha") and "strategisch" in flags[0].text
    assert c.ambition_differs_from_collaboration(zelfcheck, entries[1:], "tactical") == []
    assert c.ambition_differs_from_collaboration(zelfcheck, entries, "") == []


def test_an_organisation_whose_duration_differs_from_the_collaboration_is_named(zelfcheck):
    entries = [Entry("Alpha", {"duration_kind": "project"}), Entry("Beta", {"duration_kind": "structural"})]
    flags = c.duration_differs_from_collaboration(zelfcheck, entries, "structural")
    assert [f.rule for f in flags] == ["duration_differs_from_collaboration"]
    assert flags[0].text.startswith("Alpha")
    assert c.duration_differs_from_collaboration(zelfcheck, entries[1:], "structural") == []


def test_a_need_that_no_partner_offers_is_said_in_plain_words(zelfcheck):
    alpha = Entry("Alpha", {"offer_and_demand": {"logistiek": {"need": "Koelwagen"}, "netwerk": {"need": ""}}})
    beta = Entry("Beta", {"offer_and_demand": {"netwerk": {"offer": "Brancheclub"}}})
    flags = c.needs_nobody_offers(zelfcheck, [alpha, beta])
    assert [f.text for f in flags] == ["Alpha zoekt logistiek, maar geen van de partners biedt dat aan."]
    beta_offers_both = Entry("Beta", {"offer_and_demand": {"netwerk": {"offer": ""}, "logistiek": {"offer": ""}}})
    assert c.needs_nobody_offers(zelfcheck, [alpha, beta_offers_both]) == []
    # An organisation's own offer does not meet its own need; alone, there is nobody to compare with.
    selfish = Entry("Alpha", {"offer_and_demand": {"logistiek": {"need": "", "offer": ""}}})
    assert c.needs_nobody_offers(zelfcheck, [selfish, Entry("Beta", {})])
    assert c.needs_nobody_offers(zelfcheck, [alpha]) == []


def test_several_missing_categories_are_named_together(zelfcheck):
    alpha = Entry("Alpha", {"offer_and_demand": {"logistiek": {"need": ""}, "financien": {"need": ""}}})
    (flag,) = c.needs_nobody_offers(zelfcheck, [alpha, Entry("Beta", {"offer_and_demand": "garbage"})])
    assert "logistiek en financiën" in flag.text


def test_all_differences_in_the_order_of_the_questions(zelfcheck):
    entries = [
        Entry("Alpha", {"ambition_level": "operational", "duration_kind": "project"}),
        Entry("Beta", {"ambition_level": "tactical", "duration_kind": "structural"}),
    ]
    rules = [f.rule for f in c.differences(zelfcheck, entries, ambition_level="tactical", duration_kind="project")]
    assert rules == [
        "ambition_levels_differ",
        "ambition_differs_from_collaboration",
        "duration_kinds_differ",
        "duration_differs_from_collaboration",
    ]
    same = [Entry("Alpha", {"ambition_level": "tactical"}), Entry("Beta", {"ambition_level": "tactical"})]
    assert c.differences(zelfcheck, same, ambition_level="tactical", duration_kind="project") == []
