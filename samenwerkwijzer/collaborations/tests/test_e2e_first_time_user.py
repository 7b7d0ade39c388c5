"""Two first-time users, from sign-up to a signed letter of intent, by following "Te doen" alone.

Anna signs up, confirms her address from the mail, goes through the guided start and invites Bert
with a personal message. From then on both only press the button of a to-do: the first one in the
list, or the one the test names by its title (when two things can be done in any order). Each
to-do that led somewhere is gone once its page is done. Pages are checked with axe on the way.

The only steps outside the browser are those of other people or tools: the staff reviewer who
approves an uploaded Handelsregister extract and records the signatory from it (through the
service; the review page has its own browser test), the authenticator app that shows a code
(``totp_code``), and the wording of the letter of intent (written as the demo data does; its
editor has its own tests).

``SCREENSHOTS=docs/screenshots`` also saves the README's pictures of the guided start and of
"Te doen" (at 1280 px and 390 px, the first screen only).
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core import mail

from samenwerkwijzer.accounts.models import User
from samenwerkwijzer.agreements import demo
from samenwerkwijzer.agreements.models import DocumentKind, Freeze, Signature
from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.organisations.models import Membership
from samenwerkwijzer.registry.tests.fake_kvk import API_KEY, FakeKvk
from samenwerkwijzer.verification import services as verification
from samenwerkwijzer.verification.models import ExtractSubmission
from samenwerkwijzer.verification.services import today_in_amsterdam
from samenwerkwijzer.verification.tests.factories import PDF
from testsupport.factories import UserFactory, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Een-lang-wachtwoord-2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def fake_kvk(settings):
    """The local stand-in for the KVK API, answering at once (the guided start's prefill)."""
    for name in ("ONBOARDING_REGISTRY_BUDGET", "KVK_API_TIMEOUT", "KVK_API_RETRIES"):
        setattr(settings, name, "")
    with FakeKvk(slow_seconds=0) as server:
        settings.KVK_API_BASE_URL = server.base_url
        settings.KVK_API_KEY = API_KEY
        yield server


def screenshot(person, name):
    """With SCREENSHOTS=<folder>: the page's first screen at 1280 px and at 390 px, for the README."""
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    original = person.page.viewport_size
    for size, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        person.page.set_viewport_size(size)
        person.page.screenshot(path=f"{folder}/{name}{suffix}.png")
    person.page.set_viewport_size(original)


def both_widths(person):
    """Check the page as it is now with axe on a phone and on a laptop."""
    original = person.page.viewport_size
    for size in (PHONE, DESKTOP):
        person.page.set_viewport_size(size)
        person.check()
    person.page.set_viewport_size(original)


# --- "Te doen" ----------------------------------------------------------------------------


def todo_titles(person) -> list[str]:
    return [t.strip() for t in person.page.locator("main .todo-list .task-list__title strong").all_inner_texts()]


def open_todos(person, collaboration_id=None):
    person.goto(f"/collaborations/{collaboration_id}/" if collaboration_id else "/")
    return todo_titles(person)


def follow_todo(person, title=None, *, collaboration_id=None) -> str:
    """Press the button of the first to-do (or of the one titled ``title``); return its title."""
    titles = open_todos(person, collaboration_id)
    assert titles, f"Nothing to do on {person.page.url}: a dead end"
    title = title or titles[0]
    assert title in titles, f"{title!r} is not among the to-dos {titles}"
    item = person.page.locator("main .todo-list .task-list__item").nth(titles.index(title))
    with person.page.expect_navigation():
        item.locator("a.button").click()
    person.check()
    return title


def assert_gone(person, title, collaboration_id=None):
    titles = open_todos(person, collaboration_id)
    assert title not in titles, f"{title!r} is still to do after doing it: {titles}"


def link_in_last_mail(to) -> str:
    message = [m for m in mail.outbox if to in m.to][-1]
    return re.search(r"https?://\S+", message.body).group(0)


# --- The people ---------------------------------------------------------------------------


def sign_up(person, email, full_name, job_title):
    person.goto("/accounts/signup/")
    person.page.fill("input[name=email]", email)
    person.page.fill("input[name=full_name]", full_name)
    person.page.fill("input[name=job_title]", job_title)
    person.page.fill("input[name=password1]", PASSWORD)
    person.page.fill("input[name=password2]", PASSWORD)
    person.submit("main form button[type=submit]")
    # Confirm the address with the link in the mail.
    person.goto(link_in_last_mail(email))
    person.submit("main form button[type=submit]")


def set_up_second_factor(person) -> str:
    """On the two-factor page: activate an authenticator app; return its secret."""
    person.follow("Activeer")
    if "/reauthenticate/" in person.page.url:  # allauth asks for the password again after a while
        person.page.fill("input[name=password]", PASSWORD)
        person.submit("main form button[type=submit]")
    secret = person.page.input_value("#authenticator_secret")
    person.page.fill("input[name=code]", totp_code(secret))
    person.submit("main form button[type=submit]")
    return secret


def test_two_first_time_users_reach_a_signed_letter_of_intent_by_following_te_doen(new_page, fake_kvk, tmp_path):
    # --- Anna signs up and goes through the guided start.
    anna = new_page(**DESKTOP)
    sign_up(anna, "anna@bakkerij.example", "Anna de Wit", "Eigenaar")
    assert anna.page.url.endswith("/start/"), anna.page.url
    anna.follow("Nu beginnen")
    # Her name is known from the sign-up, so the start begins at her organisation.
    assert "Stap 2 van 4" in anna.page.content()
    anna.page.fill("input[name=kvk_number]", "69599084")
    anna.submit()
    assert anna.page.input_value("input[name=name]") == "Test EMZ Dagobert"
    both_widths(anna)
    screenshot(anna, "start")
    anna.submit("button[value=save]")
    assert "Stap 3 van 4" in anna.page.content()
    anna.page.fill("input[name=name]", "Samen bezorgen")
    anna.page.fill("textarea[name=purpose]", "Onze bestellingen samen rondbrengen in de wijk.")
    anna.page.check("#id_ambition_level-operational")
    anna.page.check("#id_duration_kind-project")
    anna.submit()
    assert "Stap 4 van 4" in anna.page.content()
    anna.page.fill("input[name=email]", "bert@fietskoerier.example")
    anna.page.fill("textarea[name=message]", "Jullie rijden al door onze wijk. Zullen we samen bezorgen?")
    anna.submit()
    assert "Wat gebeurt er nu?" in anna.page.content()
    anna.follow("Naar Samen bezorgen")
    collaboration_id = int(re.search(r"/collaborations/(\d+)/", anna.page.url).group(1))
    # Her partner is invited, so the first thing to do is no longer to invite one.
    assert "Nodig uw partner uit" not in todo_titles(anna)

    # --- Bert follows the link in the invitation, signs up and accepts.
    invitation = [m for m in mail.outbox if "bert@fietskoerier.example" in m.to][-1]
    assert "Zullen we samen bezorgen?" in invitation.body
    bert = new_page(**PHONE)
    bert.goto(re.search(r"https?://\S+/invitations/\S+", invitation.body).group(0))
    bert.follow("Account aanmaken")
    # The sign-up starts with the invited address.
    assert bert.page.input_value("input[name=email]") == "bert@fietskoerier.example"
    bert.page.fill("input[name=full_name]", "Bert Jansen")
    bert.page.fill("input[name=job_title]", "Koerier")
    bert.page.fill("input[name=password1]", PASSWORD)
    bert.page.fill("input[name=password2]", PASSWORD)
    bert.submit("main form button[type=submit]")
    bert.goto(link_in_last_mail("bert@fietskoerier.example"))
    bert.submit("main form button[type=submit]")
    assert "/invitations/" in bert.page.url
    # The invitation's "add organisation" is the guided start's organisation step, and back.
    bert.follow("Organisatie toevoegen")
    assert "Stap 2 van 4" in bert.page.content()
    bert.page.fill("input[name=kvk_number]", "90000749")
    bert.submit()
    bert.page.fill("input[name=name]", "Fietskoeriers Oost")
    bert.page.check("#lf-vof")
    bert.page.fill("#sbi-query", "koeriersdiensten")
    bert.page.wait_for_selector("[id^=sbi-match-]")
    bert.page.locator("[id^=sbi-match-]").first.check()
    bert.page.fill("input[name=pc4]", "1093")
    bert.page.select_option("select[name=size_class]", index=1)
    bert.submit("button[value=save]")
    assert "/collaborations/invitations/" in bert.page.url.split("?")[0], bert.page.locator("main").inner_text()
    bert.submit("main form button[type=submit]")  # accept, on behalf of his organisation
    assert bert.page.url.endswith(f"/collaborations/{collaboration_id}/")
    assert {"Verifieer uw organisatie", "Deel uw zelfcheck"} <= set(todo_titles(bert))
    # With a partner in, Anna's overview lists what both of them and she as the lead have to do.
    assert "Stel de intentieverklaring op" in open_todos(anna)
    both_widths(anna)
    screenshot(anna, "todo")

    # --- Anna starts the ten basic questions; both answer them, unseen by the other.
    title = follow_todo(anna, "Start de tien basisvragen", collaboration_id=collaboration_id)
    assert title not in open_todos(bert, collaboration_id)  # lead work
    anna.submit(f"main form[action$='/{definitions.TIEN_BASISVRAGEN}/open/'] button")
    assert_gone(anna, title, collaboration_id)
    tien = definitions.get_instrument(definitions.TIEN_BASISVRAGEN)
    for person, level in ((anna, "tactical"), (bert, "operational")):
        [title] = [t for t in open_todos(person, collaboration_id) if t.startswith("Beantwoord")]
        follow_todo(person, title, collaboration_id=collaboration_id)
        for item in tien.items:
            if item.type == definitions.LONG_TEXT:
                person.page.fill(f"#id_{item.id}", f"Ons antwoord op {item.id}")
        person.page.check(f"input[name=q1_level][value={level}]")
        person.submit("button[name=submit]")
        assert "Controleer uw antwoorden" in person.page.content()  # check your answers, then submit
        person.submit("main form[method=post] button[type=submit].button:not(.button--secondary)")
        assert_gone(person, title, collaboration_id)

    # --- Both share their self-check.
    for person, level in ((anna, "operational"), (bert, "operational")):
        title = follow_todo(person, "Deel uw zelfcheck", collaboration_id=collaboration_id)
        person.follow("Uw zelfcheck invullen")
        page = person.page
        page.check("input[name=only_together][value=yes]")
        page.check("input[name=give_up_autonomy][value=yes]")
        page.check(f"input[name=ambition_level][value={level}]")
        page.check("input[name=duration_kind][value=project]")
        person.submit("main button[name=action][value=share]")
        assert_gone(person, title, collaboration_id)

    # --- Both verify their organisation: upload the extract; a staff reviewer approves it and
    # records them as its authorised signatories (from the extract).
    extract = tmp_path / "uittreksel-handelsregister.pdf"
    extract.write_bytes(PDF)
    reviewer = UserFactory(email="rita@example.org", full_name="Rita Reviewer", is_staff=True)
    for person, email, signatories in (
        (anna, "anna@bakkerij.example", "A. de Wit, eigenaar, alleen bevoegd"),
        (bert, "bert@fietskoerier.example", "B. Jansen, eigenaar, alleen bevoegd"),
    ):
        title = follow_todo(person, "Verifieer uw organisatie", collaboration_id=collaboration_id)
        person.follow("Uittreksel uploaden")
        person.page.set_input_files("input[name=extract]", str(extract))
        person.page.fill("input[name=extract_date]", (today_in_amsterdam() - datetime.timedelta(days=3)).isoformat())
        person.page.fill("input[name=signatories]", signatories)
        person.submit()
        membership = Membership.objects.get(user__email=email)
        verification.extract_decide(
            submission=ExtractSubmission.objects.get(organisation=membership.organisation),
            reviewer=reviewer,
            approve=True,
            signatory_members=[membership],
        )
        assert_gone(person, title, collaboration_id)

    # --- Anna, the lead, draws up the letter of intent and puts it up for approval. Its text is
    # the parties' own work (written here as the demo does, its editor has its own tests).
    title = follow_todo(anna, collaboration_id=collaboration_id)
    assert title == "Stel de intentieverklaring op", title
    assert title not in open_todos(bert, collaboration_id)  # lead work
    demo.write_document(
        accesses=[
            get_collaboration_for_user(User.objects.get(email=e), collaboration_id, write=True)
            for e in ("anna@bakkerij.example", "bert@fietskoerier.example")
        ],
        kind=DocumentKind.LETTER_OF_INTENT,
    )
    title = follow_todo(anna, collaboration_id=collaboration_id)
    assert title == "Bied de intentieverklaring ter goedkeuring aan", title
    anna.submit()
    assert_gone(anna, title, collaboration_id)

    # --- Both approve, set up two-step verification and sign, each by the first to-do.
    secrets = {}
    for person in (anna, bert):
        title = follow_todo(person, collaboration_id=collaboration_id)
        assert title == "Keur de intentieverklaring goed", title
        person.submit("main form[action$='/approve/'] button")
        assert_gone(person, title, collaboration_id)
    for name, person in (("anna", anna), ("bert", bert)):
        title = follow_todo(person, collaboration_id=collaboration_id)
        assert title == "Stel tweestapsverificatie in om te kunnen tekenen", title
        secrets[name] = set_up_second_factor(person)
        assert_gone(person, title, collaboration_id)
    for name, person in (("anna", anna), ("bert", bert)):
        title = follow_todo(person, collaboration_id=collaboration_id)
        assert title == "Teken de intentieverklaring", title
        person.page.check("input[name=confirm]")
        person.page.fill("input[name=code]", totp_code(secrets[name]))
        person.submit()
        assert_gone(person, title, collaboration_id)

    freeze = Freeze.objects.get(
        document__collaboration_id=collaboration_id, document__kind=DocumentKind.LETTER_OF_INTENT
    )
    signers = set(Signature.objects.filter(freeze=freeze).values_list("organisation__name", flat=True))
    assert signers == {"Test EMZ Dagobert", "Fietskoeriers Oost"}
