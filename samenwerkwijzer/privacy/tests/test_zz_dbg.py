import pytest, re
from django.urls import reverse
pytestmark = pytest.mark.django_db
def test_x(client, personas):
    client.force_login(personas.anna)
    page = client.post(reverse("privacy:delete"), {}).content.decode()
    i = page.find("<main")
    print(page[i:i+3000])
