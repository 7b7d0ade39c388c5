import json
from io import StringIO

import pytest
from django.core.management import call_command

from samenwerkwijzer.collaborations.models import Collaboration, Participant
from samenwerkwijzer.organisations.models import Organisation
from samenwerkwijzer.reference import catalog

pytestmark = pytest.mark.django_db

# ``demo_document`` (conftest.py): the demo seeded once for this module, each test in its own savepoint.


def run_json() -> dict:
    out = StringIO()
    call_command("seed_demo", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_seed_demo_prints_the_documented_json_shape(demo_document):
    document = demo_document
    assert set(document) >= {"users", "collaborations", "secrets"}
    assert isinstance(document["secrets"], list)
    for user in document["users"]:
        assert set(user) >= {"email", "password", "organisations", "collaborations"}
    assert len(document["collaborations"]) >= 2
    for collaboration in document["collaborations"]:
        assert collaboration["name"] and collaboration["participants"]


def test_seed_demo_is_idempotent(demo_document):
    first = demo_document
    counts = (Organisation.objects.count(), Collaboration.objects.count(), Participant.objects.count())
    second = run_json()
    assert first == second
    assert counts == (Organisation.objects.count(), Collaboration.objects.count(), Participant.objects.count())


def test_demo_organisations_have_real_reference_data_and_differ_per_collaboration(demo_document):
    document = demo_document
    assert Organisation.objects.count() >= 3
    for organisation in Organisation.objects.all():
        assert organisation.pc4 in catalog.pc4_areas()
        assert all(code in catalog.sbi_codes() for code in organisation.sbi_codes)
        assert len(organisation.kvk_number) == 8
    phases = set(Collaboration.objects.values_list("phase", flat=True))
    assert len(phases) >= 2
    participants = [set(c["participants"]) for c in document["collaborations"]]
    assert any(a - b for a in participants for b in participants)


def test_the_visible_collaborations_per_user_match_the_access_rules(client, demo_document):
    document = demo_document
    names = [c["name"] for c in document["collaborations"]]
    for user in document["users"]:
        assert client.login(email=user["email"], password=user["password"])
        page = client.get("/").content.decode()
        for name in names:
            assert (name in page) == (name in user["collaborations"]), (user["email"], name)
        client.logout()


def test_collaboration_names_are_distinctive(demo_document):
    document = demo_document
    names = [c["name"] for c in document["collaborations"]]
    for name in names:
        assert len(name.split()) >= 2
        assert all(name not in other for other in names if other != name)


def test_the_demo_partner_search_shows_ranked_matches_and_the_second_ring(client, demo_document):
    from samenwerkwijzer.directory.models import DirectoryEntry

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


def test_seed_demo_lists_every_demo_organisation_and_whether_it_is_verified(demo_document):
    from samenwerkwijzer.core.management.commands.seed_demo import ORGANISATIONS

    document = demo_document
    assert set(document) >= {"users", "collaborations", "secrets", "organisations"}
    listed = {entry["name"]: entry for entry in document["organisations"]}
    assert set(listed) == {data["name"] for data in ORGANISATIONS}
    for data in ORGANISATIONS:
        entry = listed[data["name"]]
        assert set(entry) == {"name", "kvk_number", "verified"}
        assert entry["kvk_number"] == data["kvk_number"]
        assert Organisation.objects.get(kvk_number=data["kvk_number"]).is_verified is entry["verified"]
    assert {name: entry["verified"] for name, entry in listed.items()} == {
        "Bakkerij Van der Molen": True,
        "Transportbedrijf De Vries": True,
        "Stichting Buurtwerk Maarssen": True,
        "Bouwadvies Jansen": False,
    }


def test_the_demo_organisations_are_verified_as_the_readme_says_and_signatories_have_their_basis(demo_document):
    from samenwerkwijzer.core.management.commands.seed_demo import ORGANISATIONS
    from samenwerkwijzer.organisations.models import Membership
    from samenwerkwijzer.verification.models import EherkenningLogin

    run_json()  # a second time: the evidence is kept once
    named = Organisation.objects.filter(name__in=[data["name"] for data in ORGANISATIONS])
    methods = {o.name: (o.verification_method, o.assurance_level) for o in named}
    # The other demo organisations (the demo network's one-person businesses) are not verified.
    assert not Organisation.objects.exclude(pk__in=named).filter(verification_status="verified").exists()
    assert methods == {
        "Bakkerij Van der Molen": ("eherkenning", "EH3"),
        "Transportbedrijf De Vries": ("eherkenning", "EH3"),
        "Stichting Buurtwerk Maarssen": ("extract", ""),
        "Bouwadvies Jansen": ("", ""),
    }
    # The eHerkenning logins are kept as evidence, once.
    assert sorted(EherkenningLogin.objects.values_list("organisation__name", "assurance_level")) == [
        ("Bakkerij Van der Molen", "EH3"),
        ("Transportbedrijf De Vries", "EH3"),
    ]
    bases = dict(Membership.objects.filter(is_authorised_signatory=True).values_list("user__email", "signatory_basis"))
    assert bases == {
        "alice@example.org": "eherkenning",
        "bob@example.org": "eherkenning",
        "charlie@example.org": "self",
    }


def test_the_demo_agreement_signatures_keep_the_verification_and_the_basis(demo_document):
    from samenwerkwijzer.agreements.models import Signature

    signatures = Signature.objects.filter(freeze__document__collaboration__name="Broodroute Vechtstreek")
    assert signatures.count() == 4  # letter of intent and agreement, two parties each
    for signature in signatures:
        assert signature.signatory_basis == "eherkenning"
        assert signature.organisation_verification["status"] == "verified"
        assert signature.organisation_verification["method"] == "eherkenning"
        assert signature.organisation_verification["assurance_level"] == "EH3"


def test_bouwadvies_jansen_is_not_verified_and_so_not_findable(client, demo_document):
    from samenwerkwijzer.directory.models import DirectoryEntry, DirectoryListing

    jansen = Organisation.objects.get(name="Bouwadvies Jansen")
    assert not DirectoryListing.objects.get(organisation=jansen).findable
    assert not DirectoryEntry.objects.filter(kvk_number=jansen.kvk_number).exists()
    assert DirectoryListing.objects.get(organisation__name="Stichting Buurtwerk Maarssen").findable
    collaboration = Collaboration.objects.get(name="Broodroute Vechtstreek")
    client.login(email="alice@example.org", password="Samenwerken-2026!")
    page = client.get(f"/directory/collaborations/{collaboration.pk}/search/").content.decode()
    assert "Bouwadvies Jansen" not in page
    buurtwerk = page.split("<h3>Stichting Buurtwerk Maarssen</h3>")[1].split('<li class="result">')[0]
    assert "geverifieerd via beoordeeld uittreksel" in buurtwerk.split("via Transportbedrijf De Vries")[0]
    assert "geverifieerd via eHerkenning (EH3)" in buurtwerk.split("via Transportbedrijf De Vries")[1]
    client.logout()
    client.login(email="charlie@example.org", password="Samenwerken-2026!")
    listing = client.get(f"/directory/organisations/{jansen.pk}/listing/").content.decode()
    assert "niet geverifieerd" in listing and "niet vindbaar" in listing


def test_seed_demo_lists_the_demo_network_with_its_coordinator_and_member_count(demo_document):
    document = demo_document
    assert document["networks"] == [
        {"name": "Communicatiecollectief Utrecht", "coordinator": "alice@example.org", "members": 40}
    ]
    assert set(document) == {"users", "collaborations", "secrets", "organisations", "networks"}
