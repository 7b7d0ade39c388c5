"""The Zelfcheck filled in and shared from the collaboration, the way back, and the comparison."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.collaborations.models import AuditEvent, Collaboration
from samenwerkwijzer.instruments import services
from samenwerkwijzer.instruments.models import SelfCheck, SelfCheckShare
from samenwerkwijzer.organisations.models import Membership

from .factories import access_for

pytestmark = pytest.mark.django_db

ANSWERS = {
    "only_together": "yes",
    "give_up_autonomy": "yes",
    "ambition_level": "operational",
    "duration_kind": "project",
    "offer_and_demand__logistiek__need": "on",
    "offer_and_demand__logistiek__need__text": "Koelwagen-Kwartel-17",
}


def _client(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def _fill_url(personas):
    return reverse("instruments:self_check_fill", args=[personas.collaboration.pk])


def _shares_url(personas):
    return reverse("instruments:self_check_shares", args=[personas.collaboration.pk])


def _org_url(personas):
    return reverse("instruments:self_check", args=[personas.alpha.pk])


def test_a_participant_fills_in_and_shares_from_the_collaboration(personas):
    alice = _client(personas.alice)
    page = alice.get(_fill_url(personas)).content.decode()
    assert "Zonnedak Zwaluwstaart" in page and "Opslaan en delen met Zonnedak Zwaluwstaart" in page
    assert f'href="{_shares_url(personas)}"' in page  # the way back
    response = alice.post(_fill_url(personas), {**ANSWERS, "action": "share"})
    assert response.status_code == 302 and response.url == _shares_url(personas)
    # The organisation's own Zelfcheck, the same one its page shows, and a snapshot for the collaboration.
    own = SelfCheck.objects.get(organisation=personas.alpha)
    assert own.answers["offer_and_demand"] == {"logistiek": {"need": "Koelwagen-Kwartel-17"}}
    share = SelfCheckShare.objects.get(organisation=personas.alpha, collaboration=personas.collaboration)
    assert share.answers == own.answers
    assert "Koelwagen-Kwartel-17" in alice.get(_org_url(personas)).content.decode()
    assert "Koelwagen-Kwartel-17" in _client(personas.bob).get(_shares_url(personas)).content.decode()


def test_only_saving_from_the_collaboration_does_not_share(personas):
    alice = _client(personas.alice)
    response = alice.post(_fill_url(personas), {**ANSWERS, "action": "save"})
    assert response.status_code == 302 and response.url == _fill_url(personas)
    assert SelfCheck.objects.filter(organisation=personas.alpha).exists()
    assert not SelfCheckShare.objects.exists()
    page = alice.get(_shares_url(personas)).content.decode()
    assert "Met deze samenwerking delen" in page
    assert "Koelwagen-Kwartel-17" not in _client(personas.bob).get(_shares_url(personas)).content.decode()


def test_a_changed_self_check_is_shown_as_not_yet_shared_again(personas):
    alice = _client(personas.alice)
    alice.post(_fill_url(personas), {**ANSWERS, "action": "share"})
    alice.post(_fill_url(personas), {**ANSWERS, "ambition_level": "strategic", "action": "save"})
    page = alice.get(_shares_url(personas)).content.decode()
    assert "De huidige versie delen" in page
    assert SelfCheckShare.objects.get().answers["ambition_level"] == "operational"


def test_bad_input_keeps_what_was_typed_and_shares_nothing(personas):
    response = _client(personas.alice).post(_fill_url(personas), {**ANSWERS, "term_months": "0", "action": "share"})
    assert response.status_code == 400 and "field--error" in response.content.decode()
    assert "Koelwagen-Kwartel-17" in response.content.decode()
    assert not SelfCheck.objects.exists() and not SelfCheckShare.objects.exists()


def test_sharing_an_empty_self_check_is_refused_and_saves_nothing(personas):
    response = _client(personas.alice).post(_fill_url(personas), {"action": "share"})
    assert response.status_code == 400
    assert "nog niet ingevuld" in response.content.decode()
    assert not SelfCheckShare.objects.exists()
    assert not AuditEvent.objects.filter(action="self_check_shared").exists()


def test_the_organisation_page_leads_back_to_the_collaboration(personas):
    alice = _client(personas.alice)
    url = f"{_org_url(personas)}?collaboration={personas.collaboration.pk}"
    page = alice.get(url).content.decode()
    assert "Terug naar Zonnedak Zwaluwstaart" in page and f'href="{_shares_url(personas)}"' in page
    response = alice.post(url, ANSWERS)
    assert response.status_code == 302 and response.url == url
    # Without the parameter: no way back, but the collaborations where it can be shared are linked.
    page = alice.get(_org_url(personas)).content.decode()
    assert "Terug naar Zonnedak" not in page and f'href="{_shares_url(personas)}"' in page
    assert "niet gedeeld" in page


@pytest.mark.parametrize("value", ["https://evil.example/", "//evil.example", "-1", "999999", "other"])
def test_the_way_back_never_leads_elsewhere(personas, value):
    if value == "other":
        value = str(personas.other_collaboration.pk)
    alice = _client(personas.alice)
    response = alice.get(_org_url(personas), {"collaboration": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Terug naar Zonnedak" not in page and "Terug naar Geheim" not in page
    assert 'href="https://evil' not in page and 'href="//evil' not in page
    response = alice.post(f"{_org_url(personas)}?collaboration={value}", ANSWERS)
    assert response.status_code == 302 and response.url == _org_url(personas)


def test_no_way_back_to_a_collaboration_the_organisation_does_not_take_part_in(personas):
    # Bob reaches Beta's page; naming a collaboration Beta takes part in works, Alpha's page is not his.
    bob = _client(personas.bob)
    beta_url = reverse("instruments:self_check", args=[personas.beta.pk])
    assert "Terug naar Zonnedak" in bob.get(beta_url, {"collaboration": personas.collaboration.pk}).content.decode()
    Membership.objects.create(user=personas.alice, organisation=personas.gamma)
    gamma_url = reverse("instruments:self_check", args=[personas.gamma.pk])
    page = _client(personas.alice).get(gamma_url, {"collaboration": personas.collaboration.pk}).content.decode()
    assert "Terug naar Zonnedak" not in page


def test_observers_see_the_comparison_without_buttons(personas):
    _client(personas.alice).post(_fill_url(personas), {**ANSWERS, "action": "share"})
    olivia = _client(personas.olivia)
    page = olivia.get(_shares_url(personas)).content.decode()
    assert "Koelwagen-Kwartel-17" in page and "Verschillen om te bespreken" in page
    assert (
        _fill_url(personas) not in page
        and reverse("instruments:self_check_share", args=[personas.collaboration.pk]) not in page
    )
    assert olivia.get(_fill_url(personas)).status_code == 403
    assert olivia.post(_fill_url(personas), {**ANSWERS, "action": "share"}).status_code == 403
    assert not SelfCheck.objects.exclude(organisation=personas.alpha).exists()


def test_another_collaborations_member_gets_not_found(personas):
    dave = _client(personas.dave)
    assert dave.get(_fill_url(personas)).status_code == 404
    assert dave.post(_fill_url(personas), {**ANSWERS, "action": "share"}).status_code == 404
    assert dave.get(_shares_url(personas)).status_code == 404
    assert not SelfCheck.objects.exists()


def test_in_an_archived_collaboration_nothing_is_filled_in_there(personas):
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(archived_at="2026-01-01T00:00Z")
    assert _client(personas.alice).get(_fill_url(personas)).status_code == 403
    assert "niet gedeeld" not in _client(personas.alice).get(_org_url(personas)).content.decode()


def test_the_comparison_puts_organisations_side_by_side_and_flags_differences(personas):
    Collaboration.objects.filter(pk=personas.collaboration.pk).update(
        ambition_level="tactical", duration_kind="project"
    )
    _client(personas.alice).post(_fill_url(personas), {**ANSWERS, "action": "share"})
    _client(personas.bob).post(
        _fill_url(personas),
        {
            "ambition_level": "tactical",
            "duration_kind": "structural",
            "offer_and_demand__netwerk__offer": "on",
            "offer_and_demand__netwerk__offer__text": "Brancheclub",
            "action": "share",
        },
    )
    page = _client(personas.olivia).get(_shares_url(personas)).content.decode()
    assert page.count('data-label="Alpha Bakkerij"') > 3 and page.count('data-label="Beta Transport"') > 3
    for rule in (
        "ambition_levels_differ",
        "ambition_differs_from_collaboration",
        "duration_kinds_differ",
        "duration_differs_from_collaboration",
        "needs_nobody_offers",
    ):
        assert f'data-rule="{rule}"' in page
    assert "Alpha Bakkerij zoekt logistiek, maar geen van de partners biedt dat aan." in page
    assert "(verschilt)" in page


def test_the_combined_service_refuses_a_membership_of_another_organisation(personas):
    membership = Membership.objects.get(user=personas.bob, organisation=personas.beta)
    access = access_for(personas.alice, personas.collaboration, write=True)
    with pytest.raises(PermissionDenied):
        services.self_check_save_and_share(membership=membership, access=access, answers={}, actor=personas.bob)
    observer = access_for(personas.olivia, personas.collaboration)
    with pytest.raises(PermissionDenied):
        services.self_check_save_and_share(membership=membership, access=observer, answers={}, actor=personas.bob)
