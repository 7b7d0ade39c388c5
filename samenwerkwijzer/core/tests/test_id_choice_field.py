"""A multiple choice of database rows refuses numbers no id column holds (found by the fuzz test:
Django's own field raised OverflowError on SQLite, a 500)."""

import pytest
from django.core.exceptions import ValidationError

from samenwerkwijzer.lib.forms import IdMultipleChoiceField
from samenwerkwijzer.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_number_beyond_64_bits_is_an_invalid_choice_and_a_real_id_still_counts(personas):
    field = IdMultipleChoiceField(queryset=Organisation.objects.all())
    for value in ("9" * 40, str(2**63), str(-(2**63) - 1)):
        with pytest.raises(ValidationError) as refused:
            field.clean([value])
        assert refused.value.code == "invalid_choice"
    assert list(field.clean([str(personas.alpha.pk)])) == [personas.alpha]
    with pytest.raises(ValidationError):
        field.clean(["abc"])
