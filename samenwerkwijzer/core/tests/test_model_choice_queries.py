"""A select of database rows reads its choices with one plain query: Django's own iterator opens a
server-side cursor on PostgreSQL (DECLARE ... WITH HOLD, then FETCH and CLOSE) for every select of
every form shown, three round trips for a handful of rows (issue #20, the work plan's form)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenwerkwijzer.lib.forms import ModelChoiceField, ModelMultipleChoiceField
from samenwerkwijzer.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field_class", [ModelChoiceField, ModelMultipleChoiceField])
def test_a_select_reads_its_choices_in_one_query_without_a_server_side_cursor(personas, field_class):
    field = field_class(queryset=Organisation.objects.order_by("name"))
    with CaptureQueriesContext(connection) as queries:
        html = field.widget.render("organisation", None, attrs={"id": "id_organisation"})
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]
    names = list(Organisation.objects.order_by("name").values_list("name", flat=True))
    assert len(names) > 1
    assert html.count("<option") == len(names) + (field_class is ModelChoiceField)  # and the empty choice
    assert all(f">{name}</option>" in html for name in names)
