"""The blind rule in the JSON API with personal API tokens (#18): before the reveal a participant's
token sees only its own organisation's answers, through every operation that carries answers; an
observer none; after the reveal everyone sees every submitted answer."""

import pytest
from django.test import Client
from django.urls import reverse

from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import services
from samenwerkwijzer.integrations import exports
from testsupport.factories import make_collaboration

from .factories import SECRET, access_for, open_round, submit, tien_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_round(personas):
    """An open ten-basic-questions round: beta (bob) submitted the secret, alpha (alice) has not."""
    round_ = open_round(personas, d.TIEN_BASISVRAGEN)
    submit(personas.bob, personas.collaboration, round_, tien_answers(text=SECRET))
    round_.refresh_from_db()
    assert not round_.is_revealed()
    return round_


def _get(raw, url, **params):
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _answer_urls(personas, round_):
    args = [personas.collaboration.pk, round_.pk]
    return {
        "rounds": reverse("api:instruments_rounds", args=args[:1]),
        "round": reverse("api:instruments_round", args=args),
        "answers": reverse("api:instruments_round_answers", args=args),
        "conclusions": reverse("api:instruments_round_conclusions", args=args),
    }


def _organisations(response) -> list[str]:
    data = response.json()
    sets = data["answer_sets"] if "answer_sets" in data else data["results"]
    return [a["organisation"] for a in sets]


def test_before_the_reveal_a_participant_token_sees_only_its_own_answers_everywhere(
    personas, secret_round, api_token_for
):
    urls = _answer_urls(personas, secret_round)
    alice = api_token_for(personas.alice)
    for name, url in urls.items():
        response = _get(alice, url)
        assert response.status_code == 200, name
        assert SECRET not in response.content.decode(), f"alice saw the secret at {name}"
    assert _organisations(_get(alice, urls["round"])) == ["Alpha Bakkerij"]
    assert _organisations(_get(alice, urls["answers"])) == ["Alpha Bakkerij"]
    assert _get(alice, urls["conclusions"]).json()["total"] == 0

    bob = api_token_for(personas.bob)
    assert SECRET in _get(bob, urls["round"]).content.decode()
    assert _organisations(_get(bob, urls["answers"])) == ["Beta Transport"]
    assert SECRET in _get(bob, urls["answers"]).content.decode()

    access = access_for(personas.alice, personas.collaboration)
    assert SECRET not in str(exports.SECTIONS["rounds"](access))
    assert SECRET in str(exports.SECTIONS["rounds"](access_for(personas.bob, personas.collaboration)))


def test_before_the_reveal_an_observer_token_sees_no_answers(personas, secret_round, api_token_for):
    urls = _answer_urls(personas, secret_round)
    olivia = api_token_for(personas.olivia)
    for name, url in urls.items():
        response = _get(olivia, url)
        assert response.status_code == 200, name
        assert SECRET not in response.content.decode(), name
    assert _organisations(_get(olivia, urls["round"])) == []
    assert _get(olivia, urls["answers"]).json()["total"] == 0
    submitted = {s["organisation"]: s["submitted"] for s in _get(olivia, urls["rounds"]).json()[0]["submissions"]}
    assert submitted == {"Alpha Bakkerij": False, "Beta Transport": True}


def test_outsiders_and_other_collaborations_tokens_get_404_never_answers(personas, secret_round, api_token_for):
    urls = _answer_urls(personas, secret_round)
    second = make_collaboration(user=personas.bob, organisation=personas.beta, name="Tweede Tuin")
    for raw in (
        api_token_for(personas.charlie),
        api_token_for(personas.dave),
        api_token_for(personas.bob, collaboration=second),
    ):
        for name, url in urls.items():
            response = _get(raw, url)
            assert response.status_code == 404, name
            assert SECRET not in response.content.decode()
    for name, url in urls.items():
        response = Client().get(url)
        assert response.status_code == 401, name
        assert response["Content-Type"].startswith("application/") and SECRET not in response.content.decode()


def test_after_the_reveal_everyone_sees_every_submitted_answer(personas, secret_round, api_token_for):
    submit(personas.alice, personas.collaboration, secret_round, tien_answers())
    secret_round.refresh_from_db()
    assert secret_round.is_revealed()
    urls = _answer_urls(personas, secret_round)
    for user in (personas.alice, personas.bob, personas.olivia):
        raw = api_token_for(user)
        assert _organisations(_get(raw, urls["round"])) == ["Alpha Bakkerij", "Beta Transport"]
        response = _get(raw, urls["answers"], limit=1, offset=1)
        assert response.json()["total"] == 2 and _organisations(response) == ["Beta Transport"]
        assert SECRET in response.content.decode()
    assert SECRET in str(exports.SECTIONS["rounds"](access_for(personas.olivia, personas.collaboration)))


def test_conclusions_of_a_revealed_round_in_the_order_of_the_questions(personas, secret_round, api_token_for):
    submit(personas.alice, personas.collaboration, secret_round, tien_answers())
    secret_round.refresh_from_db()
    access = access_for(personas.alice, personas.collaboration)
    items = [item.id for item in secret_round.definition.items]
    services.conclusion_save(access=access, round=secret_round, item_id=items[2], text="Later", seen="")
    services.conclusion_save(access=access, round=secret_round, item_id=items[0], text="Eerst", seen="")
    url = _answer_urls(personas, secret_round)["conclusions"]
    data = _get(api_token_for(personas.olivia), url).json()
    assert data["total"] == 2
    assert [(c["item_id"], c["text"]) for c in data["results"]] == [(items[0], "Eerst"), (items[2], "Later")]
    assert data["results"][0]["question"] == str(secret_round.definition.item(items[0]).label)
    section = exports.SECTIONS["conclusions"](access)
    assert [(c["round_id"], c["text"]) for c in section] == [(secret_round.pk, "Eerst"), (secret_round.pk, "Later")]


def test_a_round_of_another_collaboration_is_not_found(personas, api_token_for):
    other = services.round_open(
        access=access_for(personas.dave, personas.other_collaboration), instrument_key=d.CHECKER
    )
    url = reverse("api:instruments_round_answers", args=[personas.collaboration.pk, other.pk])
    assert _get(api_token_for(personas.alice), url).status_code == 404


def test_every_section_of_the_export_is_json_and_keeps_the_blind_rule(personas, secret_round):
    from samenwerkwijzer.instruments.access import revealed_reader
    from samenwerkwijzer.integrations.export_zip import section_json

    reverse("api:collaborations")  # the API (and so every section) is loaded
    names = ["collaboration", "participants", "observers", "audit_log", "rounds", "conclusions", "action_items"]
    for access in (access_for(personas.alice, personas.collaboration), revealed_reader(personas.collaboration)):
        for name in names:
            body = section_json(exports.SECTIONS[name](access)).decode()
            assert SECRET not in body, name
    assert SECRET in section_json(exports.SECTIONS["rounds"](access_for(personas.bob, personas.collaboration))).decode()
