"""One organisation a person acts for: the header's, everywhere.

A person in two participating organisations of a collaboration acts for the header's organisation when
it takes part; otherwise they choose explicitly, and nothing is written for them until they do.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.instruments.models import AnswerSet
from samenwerkwijzer.instruments.tests.factories import open_round
from samenwerkwijzer.organisations.access import CURRENT_ORGANISATION_SESSION_KEY, current_organisation
from samenwerkwijzer.organisations.models import Membership
from testsupport.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def duo(personas):
    """Dana: a member of alpha (the lead) and of beta (a partner)."""
    dana = UserFactory(email="dana@example.org", full_name="Dana Dubbel")
    MembershipFactory(user=dana, organisation=personas.alpha, role="member")
    MembershipFactory(user=dana, organisation=personas.beta, role="member")
    return dana


def log_in(client, email):
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302


def header_organisation(page: str) -> str:
    select = re.search(r'<select id="switch-organisation".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="\d+" selected>([^<]+)</option>', select).group(1)


def save_draft(client, personas, round_, value):
    url = reverse("instruments:round_answer", args=[personas.collaboration.pk, round_.pk])
    return client.post(url, {"invest_money": str(value)}, HTTP_HX_REQUEST="true")


def answers_of(round_, organisation):
    return AnswerSet.objects.get(round=round_, organisation=organisation).answers


@pytest.mark.parametrize("lead_name", ["Alpha Bakkerij", "Zwaluw Bakkerij"])
def test_a_fresh_login_acts_for_the_header_organisation_and_the_switch_moves_both(client, personas, duo, lead_name):
    # With "Zwaluw Bakkerij" the lead sorts after the partner: the header's first-by-name is then the
    # partner, and the answer must land there, not silently with the lead.
    personas.alpha.name = lead_name
    personas.alpha.save(update_fields=["name"])
    round_ = open_round(personas)
    log_in(client, "dana@example.org")
    page = client.get(reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk])).content.decode()
    shown = header_organisation(page)
    acting, other = (personas.alpha, personas.beta) if shown == lead_name else (personas.beta, personas.alpha)
    assert shown == sorted([lead_name, "Beta Transport"])[0]
    assert f"U handelt namens <strong>{acting.name}</strong>" in page

    assert save_draft(client, personas, round_, 2).status_code == 200
    assert answers_of(round_, acting) == {"invest_money": 2}
    assert answers_of(round_, other) == {}

    # The switch on the collaboration page is the header's switch.
    round_url = reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk])
    client.post(reverse("organisations:switch"), {"organisation": other.pk, "next": round_url})
    page = client.get(round_url).content.decode()
    assert header_organisation(page) == other.name
    assert f"U handelt namens <strong>{other.name}</strong>" in page
    save_draft(client, personas, round_, 4)
    assert answers_of(round_, other) == {"invest_money": 4}
    assert answers_of(round_, acting) == {"invest_money": 2}


def test_when_the_header_organisation_does_not_take_part_the_person_must_choose(client, personas, duo):
    # Dana's first organisation by name takes no part in the collaboration.
    aardvark = MembershipFactory(user=duo, organisation__name="Aardvark Advies").organisation
    round_ = open_round(personas)
    client.force_login(duo)
    round_url = reverse("instruments:round_detail", args=[personas.collaboration.pk, round_.pk])
    page = client.get(round_url).content.decode()
    assert header_organisation(page) == aardvark.name
    assert "Kies namens welke organisatie u in deze samenwerking handelt." in page
    assert "U handelt namens" not in page

    before = list(AnswerSet.objects.order_by("pk").values_list("organisation_id", "answers"))
    response = save_draft(client, personas, round_, 5)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Kies eerst op de pagina van de samenwerking namens welke organisatie u handelt" in page
    assert list(AnswerSet.objects.order_by("pk").values_list("organisation_id", "answers")) == before

    response = client.post(reverse("organisations:switch"), {"organisation": personas.beta.pk, "next": round_url})
    assert response.url == round_url
    save_draft(client, personas, round_, 5)
    assert answers_of(round_, personas.beta) == {"invest_money": 5}
    assert answers_of(round_, personas.alpha) == {}


def test_lead_work_is_refused_while_acting_for_the_partner(client, personas, duo):
    Membership.objects.filter(user=duo).update(role="admin")
    client.force_login(duo)
    session = client.session
    session[CURRENT_ORGANISATION_SESSION_KEY] = personas.beta.pk
    session.save()
    url = reverse("collaborations:edit", args=[personas.collaboration.pk])
    assert client.get(url).status_code == 403
    client.post(reverse("organisations:switch"), {"organisation": personas.alpha.pk})
    assert client.get(url).status_code == 200


def test_someone_in_one_participating_organisation_sees_no_choice(client, personas):
    client.force_login(personas.bob)
    page = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).content.decode()
    assert "U doet mee namens Beta Transport" in page
    assert "acting-for-organisation" not in page


def test_a_choice_that_is_no_longer_a_membership_falls_back_to_the_first_by_name_and_is_kept(personas, duo):
    request = RequestFactory().get("/")
    request.user = duo
    request.session = {CURRENT_ORGANISATION_SESSION_KEY: personas.gamma.pk}
    assert current_organisation(request) == personas.alpha
    assert request.session[CURRENT_ORGANISATION_SESSION_KEY] == personas.alpha.pk


def test_someone_without_organisations_acts_for_none(personas):
    request = RequestFactory().get("/")
    request.user = personas.olivia
    request.session = {}
    assert current_organisation(request) is None and request.session == {}
    request.user = AnonymousUser()
    assert current_organisation(request) is None


def test_the_access_helper_itself_refuses_writes_until_a_participating_organisation_is_chosen(personas, duo):
    assert get_collaboration_for_user(duo, personas.collaboration.pk).must_choose
    access = get_collaboration_for_user(
        duo, personas.collaboration.pk, write=True, preferred_organisation_id=personas.beta.pk
    )
    assert access.organisation == personas.beta and access.role == Participant.Role.PARTNER
    assert [o.name for o in access.acting_choices] == ["Alpha Bakkerij", "Beta Transport"]
