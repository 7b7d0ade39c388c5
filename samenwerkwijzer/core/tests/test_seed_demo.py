import json
from io import StringIO

import pytest
from django.core.management import call_command

from samenwerkwijzer.collaborations.models import Collaboration, Participant
from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.reference import catalog

pytestmark = pytest.mark.django_db


def run_json() -> dict:
    out = StringIO()
    call_command("seed_demo", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_seed_demo_prints_the_documented_json_shape():
    document = run_json()
    assert set(document) >= {"users", "collaborations", "secrets"}
    assert isinstance(document["secrets"], list)
    for user in document["users"]:
        assert set(user) >= {"email", "password", "organisations", "collaborations"}
    assert len(document["collaborations"]) >= 2
    for collaboration in document["collaborations"]:
        assert collaboration["name"] and collaboration["participants"]


def test_seed_demo_is_idempotent():
    first = run_json()
    counts = (Organisation.objects.count(), Collaboration.objects.count(), Participant.objects.count())
    second = run_json()
    assert first == second
    assert counts == (Organisation.objects.count(), Collaboration.objects.count(), Participant.objects.count())


def test_demo_organisations_have_real_reference_data_and_differ_per_collaboration():
    document = run_json()
    assert Organisation.objects.count() >= 3
    for organisation in Organisation.objects.all():
        assert organisation.pc4 in catalog.pc4_areas()
        assert all(code in catalog.sbi_codes() for code in organisation.sbi_codes)
        assert len(organisation.kvk_number) == 8
    phases = set(Collaboration.objects.values_list("phase", flat=True))
    assert len(phases) >= 2
    participants = [set(c["participants"]) for c in document["collaborations"]]
    assert any(a - b for a in participants for b in participants)


def test_the_visible_collaborations_per_user_match_the_access_rules(client):
    document = run_json()
    names = [c["name"] for c in document["collaborations"]]
    for user in document["users"]:
        assert client.login(email=user["email"], password=user["password"])
        page = client.get("/").content.decode()
        for name in names:
            assert (name in page) == (name in user["collaborations"]), (user["email"], name)
        client.logout()


def test_collaboration_names_are_distinctive():
    document = run_json()
    names = [c["name"] for c in document["collaborations"]]
    for name in names:
        assert len(name.split()) >= 2
        assert all(name not in other for other in names if other != name)


def test_the_demo_partner_search_shows_ranked_matches_and_the_second_ring(client):
    from samenwerkwijzer.directory.models import DirectoryEntry

    run_json()
    entries = DirectoryEntry.objects.count()
    run_json()
    assert DirectoryEntry.objects.count() == entries >= 12
    collaboration = Collaboration.objects.get(name="Broodroute Vechtstreek")
    client.login(email="alice@example.org", password="Samenwerken-2026!")
    page = client.get(f"/directory/collaborations/{collaboration.pk}/search/").content.decode()
    assert "Koelvervoer Heuvelrug" in page and "u zoekt logistiek — zij bieden het" in page
    buurtwerk = page.split("<h3>Stichting Buurtwerk Maarssen</h3>")[1].split('<li class="result">')[0]
    assert "via Transportbedrijf De Vries" in buurtwerk
    assert (
        "In hun eigen woorden:" in page.split("<h3>Transportbedrijf De Vries</h3>")[1].split('<li class="result">')[0]
    )
    shortlist = client.get(f"/directory/collaborations/{collaboration.pk}/shortlist/").content.decode()
    assert "Horecagroothandel Maarssen" in shortlist
