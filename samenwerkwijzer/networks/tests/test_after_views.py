import pytest
from django.urls import reverse

from samenwerkwijzer.networks.evaluation import STATEMENTS
from samenwerkwijzer.networks.models import AgreementApproval, Assignment, AssignmentAgreement, Evaluation

from .test_after_services import _agree, _done, _evaluate, _save
from .test_after_support import make_team

pytestmark = pytest.mark.django_db


def _url(name, team):
    return reverse(f"networks:{name}", args=[team.net.network.pk, team.assignment.pk])


def _form(team, *, version=0, income="Via de penvoerder.", lead=None):
    lead = lead or team.net.bob_member
    return {
        "lead_member": lead.pk,
        "client_contact": lead.pk,
        "income_split": income,
        "other_terms": "",
        "version": version,
    }


def test_agreement_pages_explain_before_the_team_is_complete(client, personas):
    team = make_team(personas, status=Assignment.Status.FORMING)
    client.force_login(personas.bob)
    assert "zodra elke rol in het team is ingevuld" in client.get(_url("assignment_agreement", team)).content.decode()
    assert "zodra elke rol in het team is ingevuld" in client.get(_url("agreement_edit", team)).content.decode()
    assert "gaat open zodra het werk" in client.get(_url("evaluation", team)).content.decode()


def test_draw_up_approve_and_agree(client, personas):
    team = make_team(personas)
    client.force_login(personas.bob)
    page = client.get(_url("agreement_edit", team)).content.decode()
    assert "Geen notaris nodig" in page and "Tekstschrijven" in page and "Gamma Bouw" in page
    response = client.post(_url("agreement_edit", team), _form(team))
    assert response.status_code == 302
    agreement = AssignmentAgreement.objects.get()
    assert agreement.version == 1 and agreement.income_split == "Via de penvoerder."
    page = client.get(_url("assignment_agreement", team)).content.decode()
    assert "Goedkeuren voor Beta Transport" in page
    assert client.post(_url("agreement_approve", team), {"version": 1}).status_code == 302
    client.force_login(personas.charlie)
    client.post(_url("agreement_approve", team), {"version": 1})
    team.assignment.refresh_from_db()
    assert team.assignment.status == Assignment.Status.AGREED
    assert "het team is het eens" in client.get(_url("assignment_agreement", team)).content.decode()


def test_edit_bad_input_keeps_text_and_changes_nothing(client, personas):
    team = make_team(personas)
    client.force_login(personas.bob)
    data = _form(team, lead=team.eve_member) | {"income_split": "Mijn tekst"}
    response = client.post(_url("agreement_edit", team), data)
    assert response.status_code == 200 and "Mijn tekst" in response.content.decode()
    assert "data-error-summary" in response.content.decode()
    data = _form(team) | {"version": "abc"}
    assert client.post(_url("agreement_edit", team), data).status_code == 200
    assert not AssignmentAgreement.objects.exists()


def test_edit_conflict_shows_newer_text_and_overwrites_nothing(client, personas):
    team = make_team(personas)
    client.force_login(personas.bob)
    client.post(_url("agreement_edit", team), _form(team, income="Eerste tekst"))
    # alice (coordinator) opened the form at version 1 too, bob saves version 2 first.
    client.post(_url("agreement_edit", team), _form(team, version=1, income="Bobs nieuwere tekst"))
    client.force_login(personas.alice)
    response = client.post(_url("agreement_edit", team), _form(team, version=1, income="Alices tekst"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft de afspraak intussen opgeslagen" in page
    assert "Bobs nieuwere tekst" in page and "Alices tekst" in page
    assert 'name="version" value="2"' in page
    assert AssignmentAgreement.objects.get().income_split == "Bobs nieuwere tekst"
    # Saving again from the newer version is deliberate and works.
    assert client.post(_url("agreement_edit", team), _form(team, version=2, income="Alices tekst")).status_code == 302


def test_only_the_team_approves_and_sees_the_agreement(client, personas):
    team = make_team(personas)
    _save(team, personas.bob)
    client.force_login(team.eve)
    assert client.post(_url("agreement_approve", team), {"version": 1}).status_code == 403
    assert client.post(_url("evaluation", team), {"grade": 8}).status_code == 403
    assert client.post(_url("agreement_edit", team), _form(team)).status_code == 403
    page = client.get(_url("assignment_agreement", team)).content.decode()
    assert "Each invoices own days." not in page and "Alleen het team van deze opdracht" in page
    assert not AgreementApproval.objects.exists()


def test_approve_stale_version_or_bad_input(client, personas):
    team = make_team(personas)
    _save(team, personas.bob)
    _save(team, personas.bob, base_version=1)
    client.force_login(personas.charlie)
    response = client.post(_url("agreement_approve", team), {"version": 1}, follow=True)
    assert "gewijzigd terwijl u die las" in response.content.decode()
    response = client.post(_url("agreement_approve", team), {"version": "x"}, follow=True)
    assert "kon niet worden vastgelegd" in response.content.decode()
    assert not AgreementApproval.objects.exists()


def test_mark_done_then_evaluate_blind_then_reveal(client, personas):
    team = make_team(personas)
    client.force_login(personas.bob)
    response = client.post(_url("assignment_done", team), follow=True)
    assert "Alleen een opdracht waarover het team het eens is" in response.content.decode()
    _agree(team, personas)
    client.force_login(team.eve)
    assert client.post(_url("assignment_done", team)).status_code == 403
    client.force_login(personas.bob)
    assert client.post(_url("assignment_done", team)).status_code == 302
    team.assignment.refresh_from_db()
    assert team.assignment.status == Assignment.Status.DONE

    # charlie saves, then submits with a remark.
    client.force_login(personas.charlie)
    answers = {s.key: "2" for s in STATEMENTS}
    client.post(_url("evaluation", team), {**answers, "grade": "", "action": "save"})
    assert Evaluation.objects.get().submitted_at is None
    response = client.post(_url("evaluation", team), {"again": "2", "grade": "", "action": "submit"})
    assert response.status_code == 200 and "Geef een cijfer van 1 tot en met 10." in response.content.decode()
    assert client.post(_url("evaluation", team), {"again": "7", "action": "save"}).status_code == 200
    client.post(_url("evaluation", team), {**answers, "grade": "3", "remarks": "GEHEIME-OPMERKING", "action": "submit"})
    assert Evaluation.objects.get().submitted_at is not None

    # Blind: bob sees who submitted, not what, not even in the HTML source.
    client.force_login(personas.bob)
    page = client.get(_url("evaluation", team)).content.decode()
    assert "GEHEIME-OPMERKING" not in page and "3,0 van 10" not in page and "2,0 van 5" not in page
    assert "Gamma Bouw</th>" not in page  # no column for charlie's answers
    assert "Nu zichtbaar maken" in page
    client.force_login(personas.charlie)
    assert client.post(_url("evaluation_reveal", team)).status_code == 403
    client.force_login(personas.bob)
    client.post(_url("evaluation_reveal", team))
    response = client.post(_url("evaluation_reveal", team), follow=True)
    assert "Er is geen blinde evaluatie om zichtbaar te maken." in response.content.decode()
    page = client.get(_url("evaluation", team)).content.decode()
    assert "GEHEIME-OPMERKING" in page and "Zichtbaar gemaakt door Bob Partner" in page
    assert "3,0 van 10" in page and "2,0 van 5" in page and "Gamma Bouw</th>" in page
    # eve is in the network but not on the team: no answers.
    client.force_login(team.eve)
    page = client.get(_url("evaluation", team)).content.decode()
    assert "GEHEIME-OPMERKING" not in page and "Alleen het team van deze opdracht ziet de antwoorden" in page


def test_submitted_evaluation_cannot_change(client, personas):
    team = make_team(personas)
    _done(team, personas)
    _evaluate(team, personas.charlie, grade=7)
    client.force_login(personas.charlie)
    page = client.get(_url("evaluation", team)).content.decode()
    assert "U hebt uw evaluatie ingediend" in page
    response = client.post(_url("evaluation", team), {"grade": "1", "action": "submit"})
    assert "al ingediend" in response.content.decode()
    assert Evaluation.objects.get().grade == 7


def test_to_collaboration_and_refused_twice(client, personas, django_capture_on_commit_callbacks):
    team = make_team(personas)
    client.force_login(personas.bob)
    response = client.post(_url("to_collaboration", team), follow=True)
    assert "Alleen een team dat de afspraak" in response.content.decode()
    _agree(team, personas)
    assert "Van het team een samenwerking maken" in client.get(_url("assignment_agreement", team)).content.decode()
    client.force_login(personas.alice)
    assert client.post(_url("to_collaboration", team)).status_code == 403
    client.force_login(personas.bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("to_collaboration", team))
    team.assignment.refresh_from_db()
    assert response.url == reverse("collaborations:dashboard", args=[team.assignment.collaboration_id])
    page = client.get(_url("assignment_agreement", team)).content.decode()
    assert "Naar de samenwerking" in page and "Van het team een samenwerking maken" not in page


def test_to_collaboration_warns_about_unreachable(client, personas):
    from samenwerkwijzer.networks.models import NetworkMember, TeamInvitation
    from testsupport.factories import OrganisationFactory

    team = make_team(personas)
    _agree(team, personas)
    lonely = NetworkMember.objects.create(network=team.net.network, organisation=OrganisationFactory(name="Zeta Solo"))
    TeamInvitation.objects.create(assignment=team.assignment, member=lonely, status=TeamInvitation.Status.ACCEPTED)
    client.force_login(personas.bob)
    response = client.post(_url("to_collaboration", team), follow=True)
    assert "Voor Zeta Solo kon niemand worden uitgenodigd" in response.content.decode()
