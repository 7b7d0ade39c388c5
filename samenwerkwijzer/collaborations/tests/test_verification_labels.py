"""Participants are shown with their verification; partners are told before they invite what an
unverified organisation cannot do."""

import pytest
from django.urls import reverse

from samenwerkwijzer.organisations.models import Membership
from testsupport.factories import mark_verified

pytestmark = pytest.mark.django_db


def row_of(page: str, name: str) -> str:
    return page.split(f'data-label="Organisatie">{name} ', 1)[1].split("</tr>", 1)[0]


def test_every_participant_is_shown_with_its_verification_and_each_signatory_with_the_basis(client, personas):
    p = personas
    mark_verified(p.alpha)
    Membership.objects.filter(user=p.alice, organisation=p.alpha).update(
        is_authorised_signatory=True, signatory_basis="eherkenning"
    )
    Membership.objects.filter(user=p.bob, organisation=p.beta).update(
        is_authorised_signatory=True, signatory_basis="self"
    )
    client.force_login(p.bob)
    page = client.get(reverse("collaborations:participants", args=[p.collaboration.pk])).content.decode()
    alpha, beta = row_of(page, p.alpha.name), row_of(page, p.beta.name)
    assert "geverifieerd via beoordeeld uittreksel" in alpha and "niet geverifieerd" not in alpha
    assert "gemachtigd via eHerkenning voor Samenwerkwijzer" in alpha
    assert "niet geverifieerd" in beta and "volgens de organisatie zelf" in beta


def test_a_participant_whose_number_was_taken_shows_that_it_has_none(client, personas):
    p = personas
    p.beta.kvk_number = ""
    p.beta.save(update_fields=["kvk_number"])
    client.force_login(p.alice)
    page = client.get(reverse("collaborations:participants", args=[p.collaboration.pk])).content.decode()
    assert "geen KvK-nummer" in row_of(page, p.beta.name)


def test_the_invitation_form_says_what_an_unverified_organisation_cannot_do(client, personas):
    client.force_login(personas.alice)
    page = client.get(reverse("collaborations:invite", args=[personas.collaboration.pk])).content.decode()
    note = page.split('id="verification-note"')[1].split("</p>")[0]
    assert "kan geen overeenkomst ondertekenen of laten verzegelen" in note
    assert page.index('id="verification-note"') < page.index('<form method="post" novalidate>')
