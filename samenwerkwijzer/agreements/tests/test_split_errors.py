"""Percentages: the cost split and the revenue split are checked together, all errors at once."""

from django.utils import translation

from ..forms import SectionEditor

PARTIES = [{"organisation_id": 1, "name": "Alfa"}, {"organisation_id": 2, "name": "Beta"}]


def _post(costs, revenue):
    data = {
        "base_version": "0",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "2",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "1000",
    }
    for i, (party, cost, rev) in enumerate(zip(PARTIES, costs, revenue, strict=True)):
        data[f"parties-{i}-organisation_id"] = str(party["organisation_id"])
        data[f"parties-{i}-cost_share"] = cost
        data[f"parties-{i}-revenue_share"] = rev
    return data


def _errors(costs, revenue):
    editor = SectionEditor("benefits", stored={}, parties=PARTIES, data=_post(costs, revenue))
    with translation.override("nl"):
        valid = editor.is_valid()
        return valid, [str(e) for e in editor.party_formset.non_form_errors()]


def test_both_splits_are_reported_at_once():
    valid, errors = _errors(("60", "30"), ("50", "20"))
    assert not valid
    assert len(errors) == 2
    assert "kosten" in errors[0] and "90" in errors[0]
    assert "opbrengsten" in errors[1] or "omzet" in errors[1]
    assert "70" in errors[1]


def test_a_missing_share_and_a_wrong_total_are_reported_together():
    valid, errors = _errors(("60", ""), ("50", "20"))
    assert not valid and len(errors) == 2


def test_correct_splits_pass():
    assert _errors(("60", "40"), ("50", "50")) == (True, [])
    assert _errors(("", ""), ("", "")) == (True, [])  # not agreed yet: the freeze check asks for it
