"""One definition of the ambition levels, the guide's, everywhere (guide ch. 2, "Check uw ambitieniveau")."""

import pytest
from django.utils import translation

from samenwerkwijzer.collaborations.ambition import AMBITION_HELP
from samenwerkwijzer.collaborations.forms import CollaborationForm
from samenwerkwijzer.instruments import definitions

# (instrument, item) that describe the three levels.
AMBITION_ITEMS = [("zelfcheck", "ambition_level"), ("tien_basisvragen", "q1_level")]


def _item(key, item_id):
    instrument = definitions.get_instrument(key)
    return next(item for item in instrument.items if item.id == item_id)


@pytest.mark.parametrize(("key", "item_id"), AMBITION_ITEMS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_instruments_describe_the_ambition_levels_as_the_start_form_does(key, item_id, language):
    with translation.override(language):
        assert getattr(_item(key, item_id).help, language) == str(AMBITION_HELP)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_start_form_reads_the_one_definition(language):
    with translation.override(language):
        assert str(CollaborationForm().fields["ambition_level"].help_text) == str(AMBITION_HELP)


def test_the_definition_follows_the_guide_joint_product_work_is_strategic():
    with translation.override("nl"):
        text = str(AMBITION_HELP)
    strategic = text[text.index("Strategisch") :]
    tactical = text[text.index("Tactisch") : text.index("Strategisch")]
    assert "product of dienst ontwikkelen" in strategic
    assert "onderzoek" in tactical and "product" not in tactical
    assert "logistiek" in text[: text.index("Tactisch")]


@pytest.mark.parametrize(("key", "item_id"), AMBITION_ITEMS)
def test_the_instruments_offer_the_three_levels_of_the_collaboration(key, item_id):
    from samenwerkwijzer.collaborations.models import Collaboration

    field = Collaboration._meta.get_field("ambition_level")
    assert [option.id for option in _item(key, item_id).options] == [value for value, _label in field.choices]


def test_basic_question_8_asks_how_to_forestall_the_risks():
    # Guide 3.3, question 8: "Hoe denkt u deze risico's met elkaar te kunnen ondervangen?"
    item = _item("tien_basisvragen", "q8_mitigation")
    assert "ondervangen" in item.label.nl and "opvangen" not in item.label.nl
    assert "forestall" in item.label.en
