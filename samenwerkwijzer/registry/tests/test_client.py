import pytest

from samenwerkwijzer.registry.client import (
    KvkApiClient,
    OfflineRegistry,
    RegistryAuthError,
    RegistryNotConfigured,
    RegistryRateLimited,
    RegistryUnavailable,
    get_client,
)


def client(**kwargs):
    return KvkApiClient(backoff=0.01, **kwargs)


def test_it_reads_a_basisprofiel_and_the_search_result(fake_kvk):
    profile = client().lookup("69599084")
    assert profile.found and profile.source == "kvk_api"
    assert profile.name == "Test EMZ Dagobert"
    assert profile.active is True and profile.ended_on is None
    assert profile.registered_on == "2017-07-10"
    assert profile.legal_form == "Eenmanszaak"
    assert [(a.code, a.main) for a in profile.activities] == [("10110", True), ("10120", False), ("10130", False)]
    assert profile.address == "Abebe Bikilalaan 17 M 1034WL Amsterdam"
    assert profile.pc4 == "1034"
    assert profile.insolvency_check is None
    assert profile.annual_accounts is None and profile.notes
    assert any(path.startswith("/v2/zoeken?kvkNummer=69599084") for path in fake_kvk.requests)


def test_an_unknown_number_is_not_found(fake_kvk):
    profile = client().lookup("12345678")
    assert profile.found is False


def test_a_company_without_main_branch_gets_the_owner_address(fake_kvk):
    profile = client().lookup("90000749")
    assert profile.legal_form == "Vereniging van Eigenaars"
    assert profile.address == "Blaauwweg 163 3328XD Dordrecht" and profile.pc4 == "3328"


def test_the_older_link_format_and_sbi_2008_codes_are_read(fake_kvk):
    profile = client().lookup("69599000")
    assert profile.found and profile.activities[0].code == "1011"


def test_a_wrong_api_key_is_a_clear_error_without_retries(fake_kvk):
    with pytest.raises(RegistryAuthError) as error:
        client(api_key="wrong").lookup("69599084")
    assert "401" in str(error.value.message)
    assert len(fake_kvk.requests) == 1


def test_a_429_is_retried_with_backoff(fake_kvk):
    profile = client().lookup("11111111")
    assert profile.found
    assert sum("11111111" in path for path in fake_kvk.requests) == 4  # each call once refused, once answered


def test_a_lasting_429_ends_in_a_rate_limit_error(fake_kvk):
    with pytest.raises(RegistryRateLimited):
        client(retries=2).lookup("22222222")
    assert len(fake_kvk.requests) == 2


def test_a_server_error_is_retried_then_reported(fake_kvk):
    with pytest.raises(RegistryUnavailable):
        client(retries=3).lookup("90002903")
    assert len(fake_kvk.requests) == 3


def test_a_timeout_is_reported(fake_kvk):
    with pytest.raises(RegistryUnavailable):
        client(timeout=0.2, retries=1).lookup("33333333")


def test_without_api_key_the_api_client_refuses_and_the_offline_register_is_used(settings):
    settings.KVK_API_KEY = ""
    with pytest.raises(RegistryNotConfigured):
        KvkApiClient(api_key="").lookup("69599084")
    assert isinstance(get_client(), OfflineRegistry)


@pytest.mark.django_db
def test_the_offline_register_answers_from_the_import():
    from samenwerkwijzer.directory.tests.factories import make_entry

    make_entry(kvk_number="69599084", name="Test EMZ Dagobert", sbi_codes="10110", pc4="1034")
    profile = OfflineRegistry().lookup("69599084")
    assert profile.found and profile.active is None and profile.pc4 == "1034"
    assert profile.activities[0].code == "10110" and profile.notes
    assert OfflineRegistry().lookup("12345678").found is False
