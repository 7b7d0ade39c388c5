"""schemathesis over the whole /api/v1/ schema, with all checks, for three callers.

A participant's token (bob), an observer's token (olivia) and an outsider's token (charlie). Path
parameters are the personas' real collaboration, round and action item, so the participant and the
observer get data; the outsider must get 404 (never a 2xx) from every collaboration operation.
Marked ``fuzz``: it runs once in CI, in the SQLite run.

Speed: the personas, the round and the tokens are made once for the module (``shared``, rolled back
at its end), each operation's cases are generated once and sent by all three callers, and every
call runs in a savepoint that is rolled back, so no case sees what another wrote.
"""

from unittest import mock

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance

from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.models import ActionItem
from samenwerkwijzer.instruments.tests.factories import revealed_round
from samenwerkwijzer.integrations import throttling
from samenwerkwijzer.integrations.services import api_token_create
from samenwerkwijzer.legalforms import api as legalforms_api
from testsupport.factories import make_personas

# One worker runs the whole module under xdist, so the shared data below is made once.
pytestmark = [pytest.mark.fuzz, pytest.mark.django_db, pytest.mark.xdist_group("schemathesis")]

COLLABORATION_SCOPED = "/collaborations/{pk}"


# The document as served (with every operation other apps add), loaded at collection so each
# operation is a test of its own. There is no database yet: the address limit's counter (the one
# thing the call would write) is left out of this one call.
with mock.patch.object(throttling, "count_call", return_value=(1, 60.0)):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def generous_limits(settings):
    # The fuzzer calls far more often than a person (the limits have their own tests).
    settings.API_RATE_PER_TOKEN = settings.API_RATE_PER_ADDRESS = "100000/m"
    cache.clear()


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker, tmp_path_factory):
    """The personas, their collaboration with a revealed round and an action item (so operations
    have data) and the three callers' tokens, made once for the module inside a transaction that is
    rolled back at its end. Each test's own transaction (pytest-django) and each example's savepoint
    (``check``) nest inside it, so nothing one case writes is seen by another."""
    # The root conftest's per-test settings fixtures do not reach a module fixture: the same here.
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            ACCOUNT_RATE_LIMITS=False,
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        ),
        transaction.atomic(),
    ):
        personas = make_personas()
        round_ = revealed_round(personas, definitions.CHECKER)
        item = ActionItem.objects.create(
            collaboration=personas.collaboration, description="Offerte opvragen", owner_organisation=personas.beta
        )
        tokens = {
            kind: api_token_create(user=user, name="test", scope="read", organisation=None, collaboration=None)[1]
            for kind, user in (
                ("participant", personas.bob),
                ("observer", personas.olivia),
                ("outsider", personas.charlie),
            )
        }
        world = {"pk": personas.collaboration.pk, "round_pk": round_.pk, "action_pk": item.pk}
        yield world, tokens
        transaction.set_rollback(True)


@pytest.fixture
def world(shared):
    return shared[0]


def outsider_sees_nothing(ctx, response, case):
    """The outsider gets no 2xx from an operation inside a collaboration."""
    if COLLABORATION_SCOPED in case.operation.path and 200 <= response.status_code < 300:
        raise AssertionError(f"An outsider got {response.status_code} from {case.operation.label}")
    if case.operation.path == "/api/v1/collaborations" and response.status_code == 200:
        assert response.json()["results"] == [], "An outsider sees a collaboration"


# The raw tokens of the running test, by caller.
TOKENS: dict[str, str] = {}


@pytest.fixture
def tokens(shared, monkeypatch):
    monkeypatch.setattr(legalforms_api.advice_throttle, "num_requests", 100000)
    TOKENS.update(shared[1])
    yield TOKENS
    TOKENS.clear()


# Valid by the schema, refused by a rule across fields (max_km needs pc4): the documented legacy 422.
CROSS_FIELD_RULES = {"/api/v1/directory/search"}


def check(case, kind: str, world: dict) -> None:
    # The caller's real token, and no generated session cookie: schemathesis then knows the
    # credentials are real (explicit) and probes the operation without them and with invalid ones.
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {TOKENS[kind]}"}
    case.cookies = {}
    case._has_explicit_auth = True
    # A case made invalid in its path keeps its ids (the server must refuse them: replacing them by
    # real ones would make schemathesis expect a refusal of a valid call); a valid case gets the
    # personas' real ids, so the callers reach real data.
    if not (case.meta and case.meta.is_negative_at(ParameterLocation.PATH)):
        for name in case.path_parameters or {}:
            if world.get(name) is not None:
                case.path_parameters[name] = world[name]
    excluded = [positive_data_acceptance] if case.operation.path in CROSS_FIELD_RULES else []
    # Each example in its own savepoint, rolled back: what one example writes, the next never sees.
    with transaction.atomic():
        try:
            case.call_and_validate(
                additional_checks=[outsider_sees_nothing] if kind == "outsider" else [], excluded_checks=excluded
            )
        finally:
            transaction.set_rollback(True)


FUZZ = settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))

CALLERS = ("participant", "observer", "outsider")


@schema.parametrize()
@FUZZ
def test_three_callers(case, tokens, world):
    """Every generated case of an operation is sent by each caller in turn: the participant and the
    observer get data, the outsider gets 404s, never data (the cases are generated once per
    operation instead of once per caller, which is most of the time a case takes)."""
    for kind in CALLERS:
        try:
            check(case, kind, world)
        except BaseException as error:
            error.add_note(f"Caller: {kind}")
            raise
