"""The network's export ZIP: what a member may read of the network, and nothing for anyone else."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.networks.models import Assignment, Evaluation, NetworkMember, TeamInvitation, TeamRole

pytestmark = pytest.mark.django_db


def export_url(net):
    return reverse("networks:export", args=[net.network.pk])


@pytest.fixture
def download(django_capture_on_commit_callbacks):
    """The ZIP as a member gets it: made in the background (networks/export_kinds.py), downloaded from
    its page. A new one each time (``EXPORT_REUSE_SECONDS`` would serve the file of a moment ago)."""
    from samenwerkwijzer.integrations.models import ExportJob
    from samenwerkwijzer.integrations.tests.background import content, download_export

    def fetch(client, user, net):
        ExportJob.objects.all().delete()
        client.force_login(user)
        response = download_export(client, export_url(net), django_capture_on_commit_callbacks)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"].startswith('attachment; filename="export-netwerk-noord-')
        assert response["Cache-Control"] == "private, no-store"
        return zipfile.ZipFile(io.BytesIO(content(response)))

    return fetch


def evaluated(net, *, revealed: bool):
    """bob's assignment done by bob and alice; both evaluated, alice's only as a draft."""
    assignment = net.assignment
    for member in (net.bob_member, net.alice_member):
        invitation = TeamInvitation.objects.create(assignment=assignment, member=member, status="accepted")
        TeamRole.objects.create(invitation=invitation, need=assignment.needs.get(), days=2)
    now = timezone.now()
    Evaluation.objects.create(
        assignment=assignment, member=net.bob_member, grade=9, remarks="Bobs oordeel", submitted_at=now
    )
    Evaluation.objects.create(assignment=assignment, member=net.alice_member, grade=6, remarks="Alices concept")
    Assignment.objects.filter(pk=assignment.pk).update(
        status=Assignment.Status.DONE, evaluation_revealed_at=now if revealed else None
    )


def test_a_member_downloads_the_network(client, personas, net, download):
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(day_rate="650.00")
    archive = download(client, personas.bob, net)
    assert sorted(archive.namelist()) == [
        "README.txt",
        "assignments.json",
        "members.csv",
        "members.json",
        "network.json",
    ]
    network = json.loads(archive.read("network.json"))
    assert network["name"] == "Netwerk Noord"
    assert {e["name"] for e in network["expertises"]} == {"Fotografie", "Tekstschrijven", "Webdesign"}
    members = json.loads(archive.read("members.json"))
    assert [m["organisation"]["name"] for m in members] == ["Alpha Bakkerij", "Beta Transport"]
    assignments = json.loads(archive.read("assignments.json"))
    assert [a["title"] for a in assignments] == ["Jaarverslag Stadsbank"]
    assert assignments[0]["needs"][0]["expertise"] == "Tekstschrijven"
    table = archive.read("members.csv").decode("utf-8-sig").splitlines()
    assert table[0].startswith("Organisatie;Rol;Expertises;Dagtarief")
    assert table[2].startswith("Beta Transport;lid;Fotografie, Tekstschrijven;650,00;")
    readme = archive.read("README.txt").decode()
    assert "Export van het netwerk “Netwerk Noord”" in readme
    assert "Beta Transport" in readme


def test_other_members_evaluations_only_after_the_reveal(client, personas, net, download):
    evaluated(net, revealed=False)
    blind = json.loads(download(client, personas.alice, net).read("assignments.json"))[0]["evaluations"]
    assert [e["remarks"] for e in blind["evaluations"]] == ["Alices concept"]
    Assignment.objects.filter(pk=net.assignment.pk).update(evaluation_revealed_at=timezone.now())
    bob = json.loads(download(client, personas.bob, net).read("assignments.json"))[0]["evaluations"]
    # Revealed: the submitted ones; alice's draft stays hers.
    assert [e["remarks"] for e in bob["evaluations"]] == ["Bobs oordeel"]
    assert bob["revealed"] is True


def test_a_formula_in_a_name_is_neutralised(client, personas, net, download):
    personas.beta.name = "=HYPERLINK(1)"
    personas.beta.save(update_fields=["name"])
    table = download(client, personas.alice, net).read("members.csv").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in table


def test_outsiders_get_404_and_anonymous_the_login_page(client, personas, net):
    for user in (personas.charlie, personas.dave, personas.olivia):
        client.force_login(user)
        assert client.get(export_url(net)).status_code == 404
    client.logout()
    response = client.get(export_url(net))
    assert response.status_code == 302 and "login" in response.url


def test_a_member_who_left_gets_404(client, personas, net):
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(left_at=timezone.now())
    client.force_login(personas.bob)
    assert client.get(export_url(net)).status_code == 404


def test_only_get(client, personas, net):
    client.force_login(personas.alice)
    assert client.post(export_url(net)).status_code == 405


def test_a_member_who_left_cannot_download_the_file_made_before(client, personas, net, download):
    from samenwerkwijzer.integrations.models import ExportJob

    download(client, personas.bob, net)
    job = ExportJob.objects.get(requested_by=personas.bob)
    NetworkMember.objects.filter(pk=net.bob_member.pk).update(left_at=timezone.now())
    for name in ("export:job", "export:job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
