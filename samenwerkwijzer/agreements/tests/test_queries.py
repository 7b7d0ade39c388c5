import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .factories import signed_agreement
from .helpers import url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["overview", "document", "versions"])
def test_the_agreement_pages_need_a_bounded_number_of_queries(personas, name):
    signed_agreement(personas)
    client = Client()
    client.force_login(personas.bob)
    path = f"/agreements/{personas.collaboration.pk}/" if name == "overview" else url(personas, name)
    client.get(path)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) <= 20, [q["sql"][:120] for q in queries]
