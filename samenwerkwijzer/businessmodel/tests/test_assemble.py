"""The plan's content comes from what the collaboration already decided, each part saying where from."""

import pytest

from samenwerkwijzer.agreements.tests.factories import write_agreement
from samenwerkwijzer.businessmodel import assemble
from samenwerkwijzer.businessmodel.models import Block
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.tests.factories import open_round, revealed_round, submit, tien_answers

from .plan_factories import add_note, choose_legal_form

pytestmark = pytest.mark.django_db


def parts_of(personas, **kwargs):
    return {p.key: p for p in assemble.build(assemble.gather(personas.collaboration), **kwargs)}


def test_an_empty_collaboration_says_what_is_missing_and_where_to_fill_it_in(personas):
    parts = parts_of(personas, collaboration_pk=personas.collaboration.pk)
    assert list(parts) == ["canvas", "goals", "contributions", "benefits", "legal_form", "risks"]
    for part in parts.values():
        assert part.missing and part.link and part.source
        assert not part.blocks
    assert "De lusten en lasten zijn nog niet ingevuld: vul ze in bij de afspraken." in parts["benefits"].missing
    assert parts["benefits"].link == f"/agreements/{personas.collaboration.pk}/agreement/sections/benefits/"
    # Without a collaboration (PDF, DOCX) it only says what is missing.
    assert not any(p.link for p in parts_of(personas).values())


def test_the_parts_come_from_canvas_agreement_legal_form_and_revealed_basic_questions(personas):
    add_note(personas)
    add_note(personas, Block.KEY_PARTNERS, "Installateurs uit de regio")
    write_agreement(personas)
    choose_legal_form(personas)
    revealed_round(personas, definitions.TIEN_BASISVRAGEN, alice=tien_answers("Te weinig capaciteit"))
    data = assemble.gather(personas.collaboration)
    assert data["organisations"] == [
        {"id": personas.alpha.pk, "name": "Alpha Bakkerij"},
        {"id": personas.beta.pk, "name": "Beta Transport"},
    ]
    parts = {p.key: p for p in assemble.build(data)}
    canvas = parts["canvas"]
    assert [b.label for b in canvas.blocks] == ["Belangrijkste partners", "Waardepropositie"]
    assert canvas.blocks[1].items == ["Zonnedaken in één dag (Alpha Bakkerij)"]
    assert "Kanalen" in canvas.missing[0]  # the blocks still empty
    assert parts["goals"].blocks and "samenwerkingsovereenkomst" in parts["goals"].source
    assert parts["contributions"].blocks and not parts["contributions"].missing
    assert parts["benefits"].blocks and not parts["benefits"].missing
    [(label, form)] = parts["legal_form"].blocks[0].items
    assert label == "Gekozen rechtsvorm" and form.startswith("Samenwerkingsovereenkomst")
    risks = dict(parts["risks"].blocks[0].items)
    assert risks["Alpha Bakkerij"] == "Te weinig capaciteit (q7_risks)"
    assert parts["risks"].blocks[1].label == "Hoe de partners ze willen ondervangen"


def test_an_unrevealed_round_of_the_basic_questions_contributes_nothing(personas):
    round_ = open_round(personas, definitions.TIEN_BASISVRAGEN)
    submit(personas.alice, personas.collaboration, round_, tien_answers("Geheim risico"))
    round_.refresh_from_db()
    assert not round_.is_revealed()
    data = assemble.gather(personas.collaboration)
    assert data["risks"] == {}
    assert "Geheim risico" not in str(data)
    assert parts_of(personas)["risks"].missing


def test_the_plans_own_texts_come_first(personas):
    data = {**assemble.gather(personas.collaboration), "texts": {"summary": "Wij leggen zonnedaken."}}
    parts = assemble.build(data)
    assert parts[0].key == "summary" and parts[0].blocks[0].text == "Wij leggen zonnedaken."
    assert assemble.missing_count(parts) == 7  # canvas, goals, planning, contributions, benefits, form, risks


def test_plan_goals_lists_the_described_goals():
    data = {
        "agreement": {"goals": {"items": [{"description": " Groei ", "deadline": "2027-12-31"}, {"description": ""}]}}
    }
    assert assemble.plan_goals(data) == [{"description": "Groei", "deadline": "2027-12-31"}]
