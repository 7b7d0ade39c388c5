"""A name in every account, the site name in allauth's mails, and SITE_URL under `make run` (issue #14)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from samenwerkwijzer.accounts import services
from testsupport.factories import PASSWORD, UserFactory

SIGNUP = {"email": "nieuw@example.org", "password1": PASSWORD + "x", "password2": PASSWORD + "x"}


@pytest.mark.django_db
def test_sign_up_stores_name_and_function(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": "  Nina Nieuw ", "job_title": "Eigenaar"})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nieuw@example.org")
    assert (user.full_name, user.job_title, user.display_name) == ("Nina Nieuw", "Eigenaar", "Nina Nieuw")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "   "])
def test_sign_up_without_a_name_is_refused_next_to_the_field(client, name):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": name, "job_title": "Eigenaar"})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == ["Vul uw volledige naam in."]
    assert 'value="nieuw@example.org"' in response.content.decode(), "what was typed is kept"
    assert not get_user_model().objects.filter(email="nieuw@example.org").exists()


@pytest.mark.django_db
def test_the_sign_up_page_asks_for_name_and_optional_function(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert "Volledige naam" in page and "Functie (niet verplicht)" in page
    assert 'name="full_name"' in page and 'autocomplete="name"' in page


@pytest.mark.django_db
def test_the_confirmation_mail_names_samenwerkwijzer_not_the_host(client, mailoutbox, settings):
    settings.SITE_URL = "https://samenwerkwijzer.example.nl"
    client.post(reverse("account_signup"), {**SIGNUP, "full_name": "Nina Nieuw"}, HTTP_HOST="127.0.0.1:8100")
    (message,) = mailoutbox
    assert message.subject.startswith("[Samenwerkwijzer]")
    assert "Hallo van Samenwerkwijzer!" in message.body
    assert "samenwerkwijzer.example.nl" in message.body
    assert "127.0.0.1:8100!" not in message.body and "Hallo van testserver" not in message.body
    assert "Nina Nieuw" in message.body, "the mail names the person, not only the address"


@pytest.mark.django_db
def test_the_password_reset_mail_names_samenwerkwijzer(client, mailoutbox):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    (message,) = mailoutbox
    assert "Hallo van Samenwerkwijzer!" in message.body and "testserver!" not in message.body


def test_anonymous_people_are_sent_to_login_for_their_details(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("account_login") in response.url


@pytest.mark.django_db
def test_a_person_edits_name_and_function(client):
    user = UserFactory(full_name="Jan", job_title="")
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "<h1>Uw gegevens</h1>" in page and 'value="Jan"' in page
    assert reverse("accounts:profile") in page, "the account sub-navigation links to the page"
    response = client.post(reverse("accounts:profile"), {"full_name": "Jan Jansen", "job_title": "Directeur"})
    assert response.url == reverse("accounts:profile")
    user.refresh_from_db()
    assert (user.full_name, user.job_title) == ("Jan Jansen", "Directeur")
    assert "Uw gegevens zijn opgeslagen." in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_a_blank_name_is_refused_and_changes_nothing(client):
    user = UserFactory(full_name="Jan", job_title="Directeur")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "  ", "job_title": "Eigenaar"})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == ["Vul uw volledige naam in."]
    assert 'value="Eigenaar"' in response.content.decode(), "what was typed is kept"
    user.refresh_from_db()
    assert (user.full_name, user.job_title) == ("Jan", "Directeur")


@pytest.mark.django_db
def test_the_service_refuses_a_blank_name_keyed_by_field():
    user = UserFactory(full_name="Jan")
    with pytest.raises(ValidationError) as refused:
        services.update_profile(user=user, full_name=" ", job_title="")
    assert "full_name" in refused.value.message_dict
    user.refresh_from_db()
    assert user.full_name == "Jan"


@pytest.mark.django_db
def test_a_service_refusal_is_shown_next_to_the_field(client, monkeypatch):
    """A refusal the form cannot foresee still lands next to the field, never a 500."""
    user = UserFactory(full_name="Jan")
    client.force_login(user)

    def refuse(**kwargs):
        raise ValidationError({"full_name": "Nee."})

    monkeypatch.setattr(services, "update_profile", refuse)
    response = client.post(reverse("accounts:profile"), {"full_name": "Jan Jansen", "job_title": ""})
    assert response.status_code == 200 and response.context["form"].errors["full_name"] == ["Nee."]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(
    ("environment", "arguments", "expected"),
    [
        ({}, ["PORT=8123"], "http://127.0.0.1:8123"),
        ({}, ["HOST=0.0.0.0", "PORT=9000"], "http://0.0.0.0:9000"),
        ({"SITE_URL": "https://samenwerkwijzer.example.nl"}, ["PORT=8123"], "https://samenwerkwijzer.example.nl"),
    ],
)
def test_make_run_sets_site_url_from_the_address_it_serves(environment, arguments, expected):
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"} | environment
    # Every manage.py command of `make run` is replaced by printing the SITE_URL it would get;
    # -o bootstrap skips the virtualenv check.
    result = subprocess.run(  # noqa: S603 - fixed local tool
        [shutil.which("make"), "-s", "-o", "bootstrap", "run", "PY=printenv SITE_URL; true", *arguments],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    printed = [line for line in result.stdout.splitlines() if not line.startswith("Samenwerkwijzer runs")]
    assert printed == [expected] * 4


@pytest.mark.django_db
def test_the_audit_log_names_an_observer_who_stops_following(client, personas):
    client.force_login(personas.olivia)
    client.post(
        reverse("collaborations:observer_remove", args=[personas.collaboration.pk, personas.olivia_observer.pk])
    )
    client.force_login(personas.alice)
    page = client.get(reverse("collaborations:audit_log", args=[personas.collaboration.pk])).content.decode()
    assert ": Olivia Observer" in page and ": olivia@example.org" not in page
