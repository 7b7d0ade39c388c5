"""eHerkenning through an OpenID Connect broker, against a real provider started as a local server
(oidc-provider-mock, see testsupport/oidc_provider.py). No function of the flow is patched."""

import base64
import hashlib
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.verification import eherkenning
from samenwerkwijzer.verification.models import EherkenningLogin
from testsupport.factories import MembershipFactory, OrganisationFactory, UserFactory
from testsupport.oidc_provider import RecordingProxy, SilentServer, oidc_provider, path_of  # noqa: F401

KVK_CLAIM = "urn:etoegang:1.9:EntityConcernedID:KvKnr"
LOA3 = "urn:etoegang:core:assurance-class:loa3"


@pytest.fixture
def broker(settings, oidc_provider):  # noqa: F811
    """eHerkenning configured against the local provider."""
    settings.EHERKENNING_ISSUER = oidc_provider.origin
    settings.EHERKENNING_CLIENT_ID = "samenwerkwijzer"
    settings.EHERKENNING_CLIENT_SECRET = "geheim"
    settings.EHERKENNING_SCOPES = "openid"
    settings.EHERKENNING_KVK_CLAIM = KVK_CLAIM
    settings.EHERKENNING_LOA_CLAIM = "acr"
    settings.EHERKENNING_LOA_MAP = ""
    settings.EHERKENNING_MIN_LEVEL = "EH3"
    settings.EHERKENNING_TIMEOUT = 5
    eherkenning.clear_discovery_cache()
    yield oidc_provider
    eherkenning.clear_discovery_cache()


@pytest.fixture
def member(db):
    """Erik, a plain member (not an administrator) of an unverified Bakkerij Erkend."""
    user = UserFactory(email="erik@example.org", full_name="Erik Erkend")
    organisation = OrganisationFactory(name="Bakkerij Erkend", kvk_number="61234567")
    return MembershipFactory(
        user=user, organisation=organisation, role=Membership.Role.MEMBER, is_authorised_signatory=False
    )


def _client(client, membership):
    client.force_login(membership.user)
    return client


def start(client, organisation):
    response = client.post(reverse("verification:eherkenning_start", args=[organisation.pk]))
    assert response.status_code == 302, response.content[:500]
    return response.url


def login_at_broker(client, provider, organisation, sub, claims):
    """Start at our site, log in at the broker as ``sub`` with ``claims``, and come back."""
    provider.set_user(sub, claims)
    authorization_url = start(client, organisation)
    return client.get(path_of(provider.authorize(authorization_url, sub)))


def _state(organisation):
    organisation.refresh_from_db()
    membership = organisation.memberships.get()
    return (
        organisation.verification_status,
        organisation.verification_method,
        organisation.assurance_level,
        membership.is_authorised_signatory,
        membership.signatory_basis,
        EherkenningLogin.objects.count(),
    )


UNCHANGED = ("unverified", "", "", False, "", 0)


def test_a_member_verifies_the_organisation_and_becomes_a_signatory_on_the_basis_of_eherkenning(client, broker, member):
    client = _client(client, member)
    response = login_at_broker(client, broker, member.organisation, "erik-1", {KVK_CLAIM: "61234567", "acr": LOA3})

    assert response.status_code == 302
    assert response.url == reverse("verification:overview", args=[member.organisation_id])
    organisation = Organisation.objects.get(pk=member.organisation_id)
    assert organisation.is_verified
    assert organisation.verification_method == "eherkenning"
    assert organisation.assurance_level == "EH3"
    member.refresh_from_db()
    assert member.is_authorised_signatory
    assert member.signatory_basis == Membership.SignatoryBasis.EHERKENNING
    login = EherkenningLogin.objects.get()
    assert (login.organisation, login.user, login.kvk_number, login.assurance_level, login.subject) == (
        organisation,
        member.user,
        "61234567",
        "EH3",
        "erik-1",
    )
    assert login.issuer == broker.origin
    page = client.get(response.url)
    text = page.content.decode()
    assert "via eHerkenning" in text and "niet hetzelfde als wettelijke vertegenwoordiging" in text
    # The session holds no pending login afterwards: the same callback cannot be used again.
    assert eherkenning.SESSION_KEY not in client.session


def test_a_second_login_of_a_verified_organisation_keeps_its_verification_and_adds_a_signatory(client, broker, member):
    Organisation.objects.filter(pk=member.organisation_id).update(
        verification_status="verified", verification_method="extract"
    )
    client = _client(client, member)
    response = login_at_broker(client, broker, member.organisation, "erik-2", {KVK_CLAIM: "61234567", "acr": "EH4"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=member.organisation_id)
    assert (organisation.verification_method, organisation.assurance_level) == ("extract", "")
    member.refresh_from_db()
    assert (member.is_authorised_signatory, member.signatory_basis) == (True, "eherkenning")
    assert EherkenningLogin.objects.get().assurance_level == "EH4"


def test_a_signatory_from_the_reviewed_extract_keeps_that_stronger_basis(client, broker, member):
    Membership.objects.filter(pk=member.pk).update(is_authorised_signatory=True, signatory_basis="extract")
    client = _client(client, member)
    login_at_broker(client, broker, member.organisation, "erik-3", {KVK_CLAIM: "61234567", "acr": LOA3})
    member.refresh_from_db()
    assert member.signatory_basis == "extract"


def test_the_authorization_request_uses_pkce_s256_and_the_token_request_sends_the_matching_verifier(
    client, settings, broker, member
):
    with RecordingProxy(broker.origin) as proxy:
        settings.EHERKENNING_ISSUER = proxy.origin
        broker.set_user("erik-pkce", {KVK_CLAIM: "61234567", "acr": LOA3})
        client = _client(client, member)
        authorization_url = start(client, member.organisation)
        query = parse_qs(urlsplit(authorization_url).query)
        assert authorization_url.startswith(proxy.origin + "/oauth2/authorize?")
        assert query["code_challenge_method"] == ["S256"]
        assert query["response_type"] == ["code"] and query["scope"] == ["openid"]
        assert query["nonce"][0] and query["state"][0]
        response = client.get(path_of(broker.authorize(authorization_url, "erik-pkce")))
        assert response.status_code == 302 and Organisation.objects.get(pk=member.organisation_id).is_verified

    token_requests = [r for r in proxy.requests if r.method == "POST" and r.path == "/oauth2/token"]
    assert len(token_requests) == 1
    body = parse_qs(token_requests[0].body.decode())
    verifier = body["code_verifier"][0]
    expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert query["code_challenge"] == [expected]
    assert body["grant_type"] == ["authorization_code"]
    # The client authenticates with its secret (HTTP Basic), never sends it in the query.
    assert token_requests[0].headers["Authorization"].startswith("Basic ")


def test_a_member_of_another_organisation_cannot_start_it(client, broker, member):
    outsider = UserFactory()
    client.force_login(outsider)
    response = client.post(reverse("verification:eherkenning_start", args=[member.organisation_id]))
    assert response.status_code == 404
    assert eherkenning.SESSION_KEY not in client.session


def test_it_is_off_until_configured(client, settings, member):
    settings.EHERKENNING_ISSUER = ""
    assert not eherkenning.is_enabled()
    client = _client(client, member)
    response = client.post(reverse("verification:eherkenning_start", args=[member.organisation_id]), follow=True)
    assert "niet beschikbaar" in response.content.decode()
    assert _state(member.organisation) == UNCHANGED
    assert eherkenning.SESSION_KEY not in client.session


def test_an_organisation_without_a_kvk_number_is_told_to_enter_it_first(client, broker, member):
    Organisation.objects.filter(pk=member.organisation_id).update(kvk_number="")
    client = _client(client, member)
    response = client.post(reverse("verification:eherkenning_start", args=[member.organisation_id]), follow=True)
    assert "KvK-nummer" in response.content.decode()
    assert eherkenning.SESSION_KEY not in client.session


# --- Bad input: each a calm Dutch page, nothing changed -----------------------------------------


def _assert_refused(response, organisation, text):
    assert response.status_code == 200
    content = response.content.decode()
    assert "Verificatie via eHerkenning is niet gelukt" in content
    assert text in content, content
    assert _state(organisation) == UNCHANGED


def test_a_login_for_another_kvk_number_is_refused(client, broker, member):
    client = _client(client, member)
    response = login_at_broker(client, broker, member.organisation, "erik-4", {KVK_CLAIM: "69999999", "acr": LOA3})
    _assert_refused(response, member.organisation, "KvK-nummer 69999999")


def test_a_login_without_a_kvk_number_is_refused(client, broker, member):
    client = _client(client, member)
    response = login_at_broker(client, broker, member.organisation, "erik-5", {"acr": LOA3})
    _assert_refused(response, member.organisation, "voor welk bedrijf")


def test_a_level_below_the_minimum_is_refused(client, broker, member):
    client = _client(client, member)
    response = login_at_broker(
        client,
        broker,
        member.organisation,
        "erik-6",
        {KVK_CLAIM: "61234567", "acr": "urn:etoegang:core:assurance-class:loa2plus"},
    )
    _assert_refused(response, member.organisation, "EH2+")


def test_an_unknown_level_is_refused(client, broker, member):
    client = _client(client, member)
    response = login_at_broker(
        client, broker, member.organisation, "erik-7", {KVK_CLAIM: "61234567", "acr": "urn:other:loa-high"}
    )
    _assert_refused(response, member.organisation, "urn:other:loa-high")


def test_a_configured_claim_and_level_map_are_used(client, settings, broker, member):
    settings.EHERKENNING_KVK_CLAIM = "kvk"
    settings.EHERKENNING_LOA_CLAIM = "loa"
    settings.EHERKENNING_LOA_MAP = "hoog=EH4,midden=EH3"
    settings.EHERKENNING_MIN_LEVEL = "EH4"
    client = _client(client, member)
    response = login_at_broker(client, broker, member.organisation, "erik-8", {"kvk": "61234567", "loa": "hoog"})
    assert response.status_code == 302
    assert Organisation.objects.get(pk=member.organisation_id).assurance_level == "EH4"


def test_a_callback_without_a_started_login_is_refused(client, broker, member):
    client = _client(client, member)
    response = client.get(reverse("verification:eherkenning_callback") + "?code=abc&state=xyz")
    _assert_refused(response, member.organisation, "hoort niet bij een inlogpoging")


def test_a_callback_with_a_wrong_state_is_refused_and_the_started_login_ends(client, broker, member):
    client = _client(client, member)
    broker.set_user("erik-9", {KVK_CLAIM: "61234567", "acr": LOA3})
    callback = broker.authorize(start(client, member.organisation), "erik-9")
    forged = callback.replace("state=", "state=x")
    response = client.get(path_of(forged))
    _assert_refused(response, member.organisation, "hoort niet bij een inlogpoging")
    # The real callback afterwards does not count either: a login is answered once.
    response = client.get(path_of(callback))
    _assert_refused(response, member.organisation, "hoort niet bij een inlogpoging")


def test_a_callback_in_another_users_session_is_refused(client, broker, member):
    client = _client(client, member)
    broker.set_user("erik-10", {KVK_CLAIM: "61234567", "acr": LOA3})
    callback = broker.authorize(start(client, member.organisation), "erik-10")
    other = MembershipFactory(organisation=member.organisation, role=Membership.Role.MEMBER).user
    client.force_login(other)  # a new session: the started login is not in it
    response = client.get(path_of(callback))
    assert "hoort niet bij een inlogpoging" in response.content.decode()
    assert not Organisation.objects.get(pk=member.organisation_id).is_verified


def test_an_id_token_with_a_wrong_nonce_is_refused(client, broker, member):
    # The provider signs whatever claims the user has, so this token is genuine but for another request.
    client = _client(client, member)
    response = login_at_broker(
        client, broker, member.organisation, "erik-11", {KVK_CLAIM: "61234567", "acr": LOA3, "nonce": "other"}
    )
    _assert_refused(response, member.organisation, "hoort niet bij de aanvraag")


def test_a_nonce_changed_in_the_session_is_refused(client, broker, member):
    client = _client(client, member)
    broker.set_user("erik-12", {KVK_CLAIM: "61234567", "acr": LOA3})
    callback = broker.authorize(start(client, member.organisation), "erik-12")
    session = client.session
    session[eherkenning.SESSION_KEY] = {**session[eherkenning.SESSION_KEY], "nonce": "tampered"}
    session.save()
    response = client.get(path_of(callback))
    _assert_refused(response, member.organisation, "hoort niet bij de aanvraag")


def test_an_id_token_from_another_issuer_is_refused(client, broker, member):
    client = _client(client, member)
    response = login_at_broker(
        client,
        broker,
        member.organisation,
        "erik-13",
        {KVK_CLAIM: "61234567", "acr": LOA3, "iss": "https://broker.elders.example"},
    )
    _assert_refused(response, member.organisation, "andere eHerkenningsdienst")


def test_an_expired_id_token_is_refused(client, broker, member):
    client = _client(client, member)
    response = login_at_broker(
        client, broker, member.organisation, "erik-14", {KVK_CLAIM: "61234567", "acr": LOA3, "exp": 1_000_000}
    )
    _assert_refused(response, member.organisation, "verlopen")


def test_an_id_token_for_another_client_is_refused(client, broker, member):
    client = _client(client, member)
    response = login_at_broker(
        client, broker, member.organisation, "erik-15", {KVK_CLAIM: "61234567", "acr": LOA3, "aud": "someone-else"}
    )
    _assert_refused(response, member.organisation, "kon niet worden gecontroleerd")


def test_an_invalid_or_used_code_is_refused(client, broker, member):
    client = _client(client, member)
    broker.set_user("erik-16", {KVK_CLAIM: "61234567", "acr": LOA3})
    callback = broker.authorize(start(client, member.organisation), "erik-16")
    query = parse_qs(urlsplit(callback).query)
    response = client.get(reverse("verification:eherkenning_callback") + f"?code=not-a-code&state={query['state'][0]}")
    _assert_refused(response, member.organisation, "ongeldig of verlopen")


def test_a_callback_without_a_code_is_refused(client, broker, member):
    client = _client(client, member)
    authorization_url = start(client, member.organisation)
    state = parse_qs(urlsplit(authorization_url).query)["state"][0]
    response = client.get(reverse("verification:eherkenning_callback") + f"?state={state}")
    _assert_refused(response, member.organisation, "niet bevestigd")


def test_a_login_cancelled_at_the_broker_says_so(client, broker, member):
    client = _client(client, member)
    response = client.get(path_of(broker.deny(start(client, member.organisation))))
    _assert_refused(response, member.organisation, "afgebroken")
    assert eherkenning.SESSION_KEY not in client.session


def test_another_error_from_the_broker_is_shown_calmly(client, broker, member):
    client = _client(client, member)
    start(client, member.organisation)
    response = client.get(reverse("verification:eherkenning_callback") + "?error=server_error")
    _assert_refused(response, member.organisation, "zonder resultaat")


def test_a_broker_that_is_down_is_reported(client, settings, broker, member):
    with SilentServer() as closed:
        down = closed.origin
    settings.EHERKENNING_ISSUER = down  # nobody listens there any more: connection refused
    client = _client(client, member)
    response = client.post(reverse("verification:eherkenning_start", args=[member.organisation_id]))
    _assert_refused(response, member.organisation, "niet bereikbaar")
    assert eherkenning.SESSION_KEY not in client.session


def test_a_broker_that_does_not_answer_times_out(client, settings, broker, member):
    settings.EHERKENNING_TIMEOUT = 0.3
    with SilentServer() as silent:
        settings.EHERKENNING_ISSUER = silent.origin
        client = _client(client, member)
        response = client.post(reverse("verification:eherkenning_start", args=[member.organisation_id]))
    _assert_refused(response, member.organisation, "niet bereikbaar")


def test_a_broker_that_goes_down_before_the_token_request_is_reported(client, settings, broker, member):
    with RecordingProxy(broker.origin) as proxy:
        settings.EHERKENNING_ISSUER = proxy.origin
        broker.set_user("erik-17", {KVK_CLAIM: "61234567", "acr": LOA3})
        client = _client(client, member)
        callback = broker.authorize(start(client, member.organisation), "erik-17")
    response = client.get(path_of(callback))  # the proxy (the broker as we know it) is gone
    _assert_refused(response, member.organisation, "niet bereikbaar")


def test_a_number_another_verified_organisation_holds_is_refused(client, broker, member):
    OrganisationFactory(name="Echte Bakkerij", kvk_number="61234567", verification_status="verified")
    client = _client(client, member)
    response = login_at_broker(client, broker, member.organisation, "erik-18", {KVK_CLAIM: "61234567", "acr": LOA3})
    _assert_refused(response, member.organisation, "Echte Bakkerij")
    assert not mail.outbox


# --- Pure rules ---------------------------------------------------------------------------------


def test_the_default_level_map_knows_the_etoegang_classes_and_the_plain_levels():
    levels = eherkenning.parse_level_map("")
    assert levels["urn:etoegang:core:assurance-class:loa2plus"] == "EH2+"
    assert levels[LOA3] == "EH3"
    assert levels["urn:etoegang:core:assurance-class:loa4"] == "EH4"
    assert [levels[v] for v in ("EH2+", "EH3", "EH4")] == ["EH2+", "EH3", "EH4"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ('{"a": "EH3", "urn:x:loa4": "EH4"}', {"a": "EH3", "urn:x:loa4": "EH4"}),
        ("a=EH3, urn:x:loa4 = EH4,", {"a": "EH3", "urn:x:loa4": "EH4"}),
        ("x=y=EH2+", {"x=y": "EH2+"}),
    ],
)
def test_a_level_map_is_read_from_json_or_pairs(value, expected):
    assert eherkenning.parse_level_map(value) == expected


@pytest.mark.parametrize("value", ["{not json", '["EH3"]', '{"a": 3}', "a", "=EH3", "a=EH5", '{"a": "EH1"}'])
def test_a_broken_level_map_is_refused(value):
    with pytest.raises(ValueError):
        eherkenning.parse_level_map(value)


def test_a_broken_level_map_or_minimum_stops_the_configuration(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.EHERKENNING_ISSUER, settings.EHERKENNING_CLIENT_ID, settings.EHERKENNING_CLIENT_SECRET = (
        "https://b",
        "c",
        "s",
    )
    settings.EHERKENNING_LOA_MAP = "a=EH9"
    with pytest.raises(ImproperlyConfigured):
        eherkenning.get_config()
    settings.EHERKENNING_LOA_MAP = ""
    settings.EHERKENNING_MIN_LEVEL = "EH2"
    with pytest.raises(ImproperlyConfigured):
        eherkenning.get_config()
    settings.EHERKENNING_MIN_LEVEL = "EH2+"
    settings.EHERKENNING_SCOPES = "profile"
    assert eherkenning.get_config().scopes == "openid profile"


@pytest.mark.parametrize(
    "level, minimum, reaches",
    [
        ("EH2+", "EH2+", True),
        ("EH3", "EH2+", True),
        ("EH4", "EH3", True),
        ("EH3", "EH3", True),
        ("EH2+", "EH3", False),
        ("EH3", "EH4", False),
        ("", "EH3", False),
        ("EH9", "EH3", False),
    ],
)
def test_a_level_reaches_the_minimum_only_when_it_is_at_least_as_high(level, minimum, reaches):
    assert eherkenning.level_reaches(level, minimum) is reaches


def test_a_level_is_looked_up_in_the_map():
    levels = eherkenning.parse_level_map("")
    assert eherkenning.level_for(" " + LOA3, levels) == "EH3"
    assert eherkenning.level_for("urn:unknown", levels) == ""
    assert eherkenning.level_for(None, levels) == ""
    assert eherkenning.level_for(["EH3"], levels) == ""


def test_a_broker_whose_metadata_names_another_issuer_is_not_trusted(client, settings, broker, member):
    with RecordingProxy(broker.origin, keep_host=False) as proxy:
        settings.EHERKENNING_ISSUER = proxy.origin  # the metadata says the provider's own address instead
        client = _client(client, member)
        response = client.post(reverse("verification:eherkenning_start", args=[member.organisation_id]))
    _assert_refused(response, member.organisation, "niet bereikbaar")


def _forge_kvk_number(path, payload):
    """On its way back, the ID token's KvK number is changed; its signature is left as it was."""
    if not path.startswith("/oauth2/token"):
        return payload
    token = json.loads(payload)
    header, claims, signature = token["id_token"].split(".")
    decoded = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    decoded[KVK_CLAIM] = "61234567"
    forged = base64.urlsafe_b64encode(json.dumps(decoded).encode()).rstrip(b"=").decode()
    token["id_token"] = f"{header}.{forged}.{signature}"
    return json.dumps(token).encode()


def test_an_id_token_changed_on_the_way_fails_its_signature_check(client, settings, broker, member):
    with RecordingProxy(broker.origin, rewrite=_forge_kvk_number) as proxy:
        settings.EHERKENNING_ISSUER = proxy.origin
        client = _client(client, member)
        response = login_at_broker(client, broker, member.organisation, "erik-19", {KVK_CLAIM: "60000000", "acr": LOA3})
    _assert_refused(response, member.organisation, "kon niet worden gecontroleerd")


def test_a_login_finished_too_late_is_refused(client, broker, member):
    client = _client(client, member)
    broker.set_user("erik-20", {KVK_CLAIM: "61234567", "acr": LOA3})
    callback = broker.authorize(start(client, member.organisation), "erik-20")
    session = client.session
    pending = session[eherkenning.SESSION_KEY]
    session[eherkenning.SESSION_KEY] = {**pending, "started": pending["started"] - eherkenning.PENDING_MAX_AGE - 1}
    session.save()
    response = client.get(path_of(callback))
    _assert_refused(response, member.organisation, "te laat")


def test_a_login_finished_after_eherkenning_was_switched_off_is_refused(client, settings, broker, member):
    client = _client(client, member)
    broker.set_user("erik-21", {KVK_CLAIM: "61234567", "acr": LOA3})
    callback = broker.authorize(start(client, member.organisation), "erik-21")
    settings.EHERKENNING_CLIENT_SECRET = ""
    response = client.get(path_of(callback))
    _assert_refused(response, member.organisation, "niet beschikbaar")
