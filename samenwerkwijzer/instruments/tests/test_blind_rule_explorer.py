"""The blind rule for explorers (issue #15): an organisation invited to explore sees nothing that
was revealed or shared before it was admitted as partner, on no page, export or API response."""

import pytest
from django.http import Http404
from django.test import Client

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.core.tests import test_authorization_matrix as matrix
from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import services
from samenwerkwijzer.instruments.access import get_round_for_access, submission_status
from samenwerkwijzer.instruments.models import Round
from samenwerkwijzer.organisations.models import Membership

from .factories import SECRET, open_round, submit, tien_answers

pytestmark = pytest.mark.django_db

SHARED_SECRET = "Zelfcheck-Zeepaard-4410"


@pytest.fixture
def revealed_secrets(personas):
    """A revealed ten-basic-questions round with bob's secret, and bob's self-check shared."""
    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    submit(personas.alice, personas.collaboration, round_, tien_answers())
    submit(personas.bob, personas.collaboration, round_, tien_answers(text=SECRET))
    round_.refresh_from_db()
    assert round_.is_revealed()
    membership = Membership.objects.get(user=personas.bob, organisation=personas.beta)
    services.self_check_save(membership=membership, answers={"added_value": SHARED_SECRET}, actor=personas.bob)
    services.self_check_share(access=get_collaboration_for_user(personas.bob, personas.collaboration.pk))
    personas.erin_participant  # noqa: B018 - erin explores from now on
    return round_


def _body(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def test_a_partner_sees_what_was_revealed_and_shared(personas, revealed_secrets):
    client = Client()
    client.force_login(personas.alice)
    pk = personas.collaboration.pk
    assert SECRET in _body(client.get(f"/instruments/collaborations/{pk}/rounds/{revealed_secrets.pk}/"))
    assert SHARED_SECRET in _body(client.get(f"/instruments/collaborations/{pk}/self-checks/"))


def test_no_page_of_the_whole_project_shows_the_explorer_what_was_revealed_before(personas, revealed_secrets):
    """Every GET pattern of every app, with the revealed round wherever a round is asked for."""
    client = Client()
    client.force_login(personas.erin)
    checked = 0
    for pattern in matrix.ALL_PATTERNS:
        expect = matrix.expectation_for(pattern)
        if expect is None or "GET" not in expect.methods or expect.kind in ("third_party", "staff"):
            continue
        kwargs = dict(expect.kwargs)
        if "round_pk" in kwargs:
            kwargs = {"pk": lambda p: p.collaboration.pk, "round_pk": lambda p: revealed_secrets.pk}
        try:
            url = matrix._build_url(pattern, type(expect)(expect.kind, kwargs, expect.methods), personas)
        except Exception:  # noqa: S112 - another app's fixtures; its own tests cover it
            continue
        if url is None:
            continue
        body = _body(client.get(url))
        assert SECRET not in body, f"the explorer saw a revealed answer at {url}"
        assert SHARED_SECRET not in body, f"the explorer saw a shared self-check at {url}"
        checked += 1
    assert checked > 20


def test_the_explorer_is_not_in_the_collaborations_rounds_nor_their_status(personas, revealed_secrets):
    round_ = open_round(personas, d.CHECKER)
    status = {s["organisation_id"] for s in submission_status([round_])[round_.pk]}
    assert status == {personas.alpha.pk, personas.beta.pk}
    assert personas.epsilon.pk not in status
    # The collaboration's own rounds, also the revealed one, stay unknown to the explorer's access.
    access = get_collaboration_for_user(personas.erin, personas.collaboration.pk, explorer=True)
    for other in (round_, revealed_secrets):
        with pytest.raises(Http404):
            get_round_for_access(access, other.pk)
    assert get_round_for_access(access, _own(personas).pk).instrument == d.MATCHCHECK


def _own(personas):
    return Round.objects.get(collaboration=personas.collaboration, explorer=personas.epsilon)
